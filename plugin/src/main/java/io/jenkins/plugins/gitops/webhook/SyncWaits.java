package io.jenkins.plugins.gitops.webhook;

import hudson.Extension;
import hudson.ExtensionList;
import io.gitopspipeline.sync.RevisionAncestry;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Wait;
import io.gitopspipeline.sync.WaitListener;
import io.gitopspipeline.sync.WaitRegistry;
import io.gitopspipeline.sync.WaitRequest;
import io.gitopspipeline.sync.WaitState;
import java.time.Clock;
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
    private volatile WaitRegistry registry;

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

    /** How many waits are registered; for tests and diagnostics. */
    public int size() {
        return registry().size();
    }
}
