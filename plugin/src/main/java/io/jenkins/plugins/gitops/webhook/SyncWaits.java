package io.jenkins.plugins.gitops.webhook;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.gitopspipeline.sync.RevisionAncestry;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Wait;
import io.gitopspipeline.sync.WaitListener;
import io.gitopspipeline.sync.WaitRegistry;
import io.gitopspipeline.sync.WaitRequest;
import io.gitopspipeline.sync.WaitState;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;

/**
 * The controller's one registry of waiting {@code waitForGitOpsSync} steps: core's {@link
 * WaitRegistry}, fed by the webhook endpoint and by polling, with deadlines on Jenkins' shared
 * {@link Timer}. In memory only: each waiting step persists its own {@link WaitState} and
 * registers again from it after a restart.
 *
 * <p>Without a GitOps repository clone on the controller, a wait matches the awaited revision
 * exactly ({@link RevisionAncestry#EXACT}); see docs/webhooks.md.
 */
@Extension
public class SyncWaits {
    /** Threads that poll clusters: blocking network calls stay off Jenkins' shared {@link Timer}. */
    private static final int POLLING_THREADS = 4;

    private volatile WaitRegistry registry;
    private volatile ScheduledExecutorService polling;

    public static SyncWaits get() {
        return ExtensionList.lookupSingleton(SyncWaits.class);
    }

    private WaitRegistry registry() {
        WaitRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                r = registry;
                if (r == null) {
                    r = new WaitRegistry(RevisionAncestry.EXACT, Timer.get(), Clock.systemUTC());
                    registry = r;
                }
            }
        }
        return r;
    }

    /** Delivers an event from the webhook or a poll to every wait it counts for. */
    public void accept(SyncEvent event) {
        registry().accept(event);
    }

    public Wait register(WaitRequest request, WaitListener listener) {
        return registry().register(request, listener);
    }

    public Wait restore(WaitState saved, WaitListener listener) {
        return registry().restore(saved, listener);
    }

    /** Where polls run: a small pool of daemon threads that end when idle. */
    public ScheduledExecutorService pollingScheduler() {
        ScheduledExecutorService p = polling;
        if (p == null) {
            synchronized (this) {
                p = polling;
                if (p == null) {
                    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(
                            POLLING_THREADS, new NamingThreadFactory(new DaemonThreadFactory(), "GitOps sync polling"));
                    pool.setKeepAliveTime(1, TimeUnit.MINUTES);
                    pool.allowCoreThreadTimeOut(true);
                    pool.setRemoveOnCancelPolicy(true);
                    p = pool;
                    polling = p;
                }
            }
        }
        return p;
    }

    /**
     * Stops the polling threads when Jenkins shuts down: a poll in flight must not outlive the
     * controller (its waits are saved with their builds and poll again after the restart).
     */
    @Terminator
    public static void shutDownPolling() {
        for (SyncWaits waits : ExtensionList.lookup(SyncWaits.class)) {
            waits.stopPolling();
        }
    }

    private void stopPolling() {
        ScheduledExecutorService p;
        synchronized (this) {
            p = polling;
            polling = null;
        }
        if (p != null) {
            p.shutdownNow();
        }
    }

    /** How many waits are registered; for tests and diagnostics. */
    public int size() {
        return registry().size();
    }
}
