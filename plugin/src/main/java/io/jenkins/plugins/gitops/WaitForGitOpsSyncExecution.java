package io.jenkins.plugins.gitops;

import hudson.AbortException;
import hudson.Util;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.ScmCommitStatusSource;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.sync.CommitStatusPoller;
import io.gitopspipeline.sync.KubernetesClients;
import io.gitopspipeline.sync.KubernetesStatusPoller;
import io.gitopspipeline.sync.PollingFallback;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import io.gitopspipeline.sync.TargetStatus;
import io.gitopspipeline.sync.Wait;
import io.gitopspipeline.sync.WaitListener;
import io.gitopspipeline.sync.WaitOutcome;
import io.gitopspipeline.sync.WaitRequest;
import io.gitopspipeline.sync.WaitState;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import io.jenkins.plugins.gitops.actions.SyncEventRecord;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.PrivateFiles;
import io.jenkins.plugins.gitops.util.Steps;
import io.jenkins.plugins.gitops.webhook.GitOpsWebhook;
import io.jenkins.plugins.gitops.webhook.SyncWaits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;

/**
 * The paused side of {@code waitForGitOpsSync}.
 *
 * <ul>
 *   <li>{@link #start()} registers the wait with the controller's {@link SyncWaits} (core's {@code
 *       WaitRegistry}, which also enforces the deadline), marks the node paused and returns {@code
 *       false}: no thread and no executor are held while waiting.
 *   <li>The registry calls back on the thread that delivered an event (a webhook request, a poll,
 *       the timer); the callbacks only hand the newest state to {@link Timer}, where the build log,
 *       the build's GitOps page, commit statuses and finally the step's result are handled.
 *   <li>Persisted: plain strings, and core's {@link WaitState} copied into plain fields ({@link
 *       SavedWaitState}: the absolute deadline, each target's state and last events, a few hundred
 *       bytes). No secret, no {@link Run}. {@link #onResume()} registers the saved state
 *       again (which re-arms the deadline) and polls at once when polling is configured, catching
 *       what happened while Jenkins was down.
 *   <li>{@link #stop(Throwable)} cancels the wait.
 *   <li>When the wait waits on this build's own promotion, a newer promotion of the same app and
 *       environment by another build ends it as {@code superseded} (result {@code NOT_BUILT}, see
 *       {@link Superseded}): checked every {@link #supersedeCheckSeconds} and once more when the
 *       wait fails or times out. With {@code onFailure: 'rollback'} a failure then undoes this build's
 *       promotion ({@link OnFailureRollback}) before the step fails. Both run on {@link
 *       Computer#threadPoolForRemoting}; {@link #ending} is saved first, so a restart in between
 *       does that end again (the rollback refuses to undo twice).
 * </ul>
 */
final class WaitForGitOpsSyncExecution extends StepExecution implements WaitListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(WaitForGitOpsSyncExecution.class.getName());
    /** The providers core reads commit statuses from ({@code ScmProvider.commitStatuses}). */
    static final Set<ProviderType> STATUS_READABLE = EnumSet.allOf(ProviderType.class);
    /**
     * How often a waiting step looks for a newer promotion of its app and environment, in seconds;
     * not final so that tests and the script console can change it.
     */
    static volatile long supersedeCheckSeconds =
            Long.getLong(WaitForGitOpsSyncExecution.class.getName() + ".supersedeCheckSeconds", 60);

    private final String revision;
    private final ArrayList<String> targets;
    private final String timeout;
    private final String kubeconfigCredentialsId;
    private final String kubeContext;
    private final String pollInterval;
    private final CommitStatusMirror statusMirror;
    private final String commitStatusProvider;
    private final String commitStatusServerUrl;
    private final String commitStatusRepository;
    private final String commitStatusCredentialsId;
    /** {@code fail} or {@code rollback}; null (fail) in executions saved before it existed. */
    private final String onFailure;
    /** The wait ended without success and its end (supersede check, rollback) is being handled. */
    private volatile boolean ending;
    /** Core's {@link WaitState} in plain form; replaced on every change. */
    private volatile SavedWaitState savedState;

    private transient volatile Wait wait;
    private transient volatile PollingFallback polling;
    private transient volatile PollingFallback statusPolling;
    private transient volatile KubernetesClient kubernetes;
    private transient volatile Path kubeconfigDirectory;
    private transient volatile Throwable stopCause;
    private transient AtomicBoolean finished;
    /** The newest state of a wait that goes on; a later one replaces it. */
    private transient AtomicReference<WaitState> pending;
    /** The final state, set once: an update that comes late must not hide it. */
    private transient AtomicReference<WaitState> completed;

    private transient WaitState processed;

    /** The periodic look for a newer promotion, or null. */
    private transient volatile ScheduledFuture<?> supersedeTask;
    /** Set when that look found one: the cancelled wait then ends as superseded. */
    private transient volatile Map<String, String> supersededBy;
    /** A supersede check or a rollback is running on a background thread. */
    private transient volatile boolean working;

    WaitForGitOpsSyncExecution(WaitForGitOpsSyncStep step, StepContext context) {
        super(context);
        this.revision = step.getRevision();
        this.targets = new ArrayList<>(Steps.list(step.getTargets()));
        this.timeout = step.getTimeout();
        this.kubeconfigCredentialsId = step.getKubeconfigCredentialsId();
        this.kubeContext = step.getKubeContext();
        this.pollInterval = step.getPollInterval();
        this.statusMirror = step.getStatusProvider() == null
                ? null
                : new CommitStatusMirror(
                        step.getStatusProvider(),
                        step.getStatusServerUrl(),
                        step.getStatusRepository(),
                        step.getStatusCredentialsId(),
                        step.getStatusContext(),
                        step.getSourceRepository(),
                        step.getSourceCommit());
        this.commitStatusProvider = step.getCommitStatusProvider();
        this.commitStatusServerUrl = step.getCommitStatusServerUrl();
        this.commitStatusRepository = step.getCommitStatusRepository();
        this.commitStatusCredentialsId = step.getCommitStatusCredentialsId();
        this.onFailure = step.getOnFailure();
    }

    @Override
    public boolean start() throws Exception {
        initTransients();
        GitOpsGlobalConfiguration config = GitOpsGlobalConfiguration.get();
        Duration limit = Steps.duration("timeout", timeout, config.getSyncTimeout());
        WaitRequest request;
        try {
            List<Target> parsed = new ArrayList<>();
            for (String target : targets) {
                parsed.add(Target.parse(target));
            }
            request = WaitRequest.of(revision, parsed, limit, Clock.systemUTC());
            checkCommitStatusProvider();
        } catch (GitOpsException e) {
            throw Steps.abort(e);
        }
        if (OnFailureRollback.parse(onFailure).equals(OnFailureRollback.ROLLBACK) && ownPromotion() == null) {
            throw new AbortException("invalid input: onFailure: 'rollback' undoes this build's own promotion,"
                    + " but this build recorded no promotion with the commit or merge commit "
                    + request.revision()
                    + "; pass gitopsPullRequest's commit or waitForGitOpsMerge's mergeCommit");
        }
        WaitState initial = WaitState.initial(request);
        synchronized (this) {
            savedState = SavedWaitState.of(initial);
            processed = initial;
        }
        log().println("[gitops] Waiting up to "
                + Util.getTimeSpanString(limit.toMillis())
                + " for revision "
                + request.revision()
                + " to be applied and healthy on "
                + String.join(", ", targets)
                + webhookHint());
        getContext().get(FlowNode.class).addAction(new PauseAction("GitOps sync"));
        record(initial, List.of());
        wait = SyncWaits.get().register(request, this);
        startPolling();
        startSupersedeChecks();
        if (statusMirror != null) {
            Computer.threadPoolForRemoting.execute(() -> mirror(initial));
        }
        return false;
    }

    @Override
    public void onResume() {
        initTransients();
        if (ending) {
            // the wait had ended; its end (supersede check, rollback) had not: do it again
            finished.set(true);
            WaitState saved = savedState.toState();
            log().println("[gitops] Jenkins restarted while the wait for " + saved.revision() + " was ending");
            Computer.threadPoolForRemoting.execute(() -> endUnsuccessful(saved));
            return;
        }
        try {
            WaitState saved = savedState.toState();
            synchronized (this) {
                processed = saved;
            }
            log().println("[gitops] Jenkins restarted; waiting again for revision "
                    + saved.revision()
                    + " until "
                    + saved.deadline());
            wait = SyncWaits.get().restore(saved, this);
            startPolling();
            startSupersedeChecks();
        } catch (RuntimeException e) {
            // onResume() may not throw; nothing above throws a checked exception (log() handles its own)
            getContext().onFailure(e);
        }
    }

    /** The transient fields are in-memory coordination only; fresh ones after loading. */
    private Object readResolve() {
        initTransients();
        return this;
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        stopCause = cause;
        Wait w = wait;
        if (w == null || !w.cancel()) {
            // not registered (or already over): finish here rather than wait for a callback
            if (finished == null || finished.compareAndSet(false, true)) {
                cleanUp();
                getContext().onFailure(cause);
            }
        }
    }

    @Override
    public boolean blocksRestart() {
        return working; // a rollback half pushed is better finished than redone
    }

    @Override
    public String getStatus() {
        Wait w = wait;
        if (w == null) {
            return "not registered";
        }
        WaitState state = w.state();
        return "waiting for " + state.revision() + " until " + state.deadline() + ": " + state.summary();
    }

    // ---- core callbacks: never block, hand the newest state to the timer ----

    @Override
    public void onUpdate(WaitState state) {
        AtomicReference<WaitState> p = pending;
        if (p != null) {
            p.set(state);
            Timer.get().execute(this::drain);
        }
    }

    @Override
    public void onComplete(WaitState state) {
        AtomicReference<WaitState> c = completed;
        if (c != null) {
            c.compareAndSet(null, state);
            Timer.get().execute(this::drain);
        }
    }

    /** Handles the final state if there is one, else the newest; runs on the timer, one at a time. */
    private synchronized void drain() {
        WaitState done = completed.get();
        WaitState state = done != null ? done : pending.getAndSet(null);
        if (state == null || finished.get()) {
            return;
        }
        List<SyncEvent> fresh = newEvents(processed, state);
        BuildLog log = log();
        for (SyncEvent event : fresh) {
            log.println("[gitops] " + event.describe());
        }
        boolean phaseChanged = processed == null || processed.outcome() != state.outcome();
        processed = state;
        savedState = SavedWaitState.of(state);
        getContext().saveState();
        try {
            record(state, fresh);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the build page is a record; it must never decide the step's outcome
            LOGGER.log(Level.WARNING, "waitForGitOpsSync could not update the build's GitOps record", e);
        }
        if (state.outcome().isDone()) {
            finish(state, log);
        } else if (phaseChanged && statusMirror != null) {
            Computer.threadPoolForRemoting.execute(() -> mirror(state));
        }
    }

    private void finish(WaitState state, BuildLog log) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        cleanUp();
        try {
            PauseAction.endCurrentPause(getContext().get(FlowNode.class));
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the step must still complete; the node's pause marker is cosmetic
            LOGGER.log(Level.FINE, "could not end the pause of waitForGitOpsSync", e);
        }
        if (statusMirror != null) {
            Computer.threadPoolForRemoting.execute(() -> mirror(state));
        }
        if (state.outcome() == WaitOutcome.SUCCEEDED) {
            log.println("[gitops] Revision " + state.revision() + " is applied and healthy");
            getContext().onSuccess(result(state));
            return;
        }
        Map<String, String> newer = supersededBy;
        if (state.outcome() == WaitOutcome.CANCELLED && newer != null && stopCause == null) {
            PromotionRecord own = ownPromotion();
            if (own != null) {
                Superseded.end(
                        getContext(),
                        own,
                        own.commitNamed(revision),
                        "waitForGitOpsSync",
                        newer,
                        supersededResult(state));
                return;
            }
        }
        if (state.outcome() == WaitOutcome.CANCELLED) {
            Throwable cause = stopCause;
            getContext().onFailure(cause != null ? cause : new AbortException("the GitOps sync wait was cancelled"));
            return;
        }
        if (ownPromotion() != null) {
            // a supersede check, and maybe a rollback: git and provider calls, not for the timer
            ending = true;
            getContext().saveState();
            Computer.threadPoolForRemoting.execute(() -> endUnsuccessful(state));
            return;
        }
        getContext().onFailure(new AbortException(failureMessage(state)));
    }

    /**
     * A failed or timed-out wait on this build's own promotion: superseded when another build
     * promoted since; else, with {@code onFailure: 'rollback'} and a failure, the rollback; then the
     * build fails with the sync's message and the rollback's outcome.
     */
    private void endUnsuccessful(WaitState state) {
        working = true;
        try {
            String failure = failureMessage(state);
            PromotionRecord own = ownPromotion();
            if (own == null) {
                // one null check that SpotBugs' null analysis can follow (two correlated ones it cannot)
                getContext().onFailure(new AbortException(failure));
                return;
            }
            String ownCommit = own.commitNamed(revision);
            Map<String, String> newer = Superseded.check(getContext(), own, ownCommit, false);
            if (newer != null) {
                Superseded.end(getContext(), own, ownCommit, "waitForGitOpsSync", newer, supersededResult(state));
                return;
            }
            if (state.outcome() == WaitOutcome.FAILED && OnFailureRollback.ROLLBACK.equals(parsedOnFailure())) {
                String outcome = OnFailureRollback.run(getContext(), own, ownCommit);
                log().println("[gitops] " + outcome);
                getContext().onFailure(new AbortException(failure + "\n" + outcome));
                return;
            }
            getContext().onFailure(new AbortException(failure));
        } catch (RuntimeException e) {
            getContext().onFailure(e);
        } finally {
            working = false;
        }
    }

    private String parsedOnFailure() {
        try {
            return OnFailureRollback.parse(onFailure);
        } catch (AbortException e) {
            return OnFailureRollback.FAIL; // validated in start(); an old saved value fails safe
        }
    }

    /** Why the wait did not succeed, as the build's failure message. */
    private static String failureMessage(WaitState state) {
        try {
            state.throwIfUnsuccessful();
            return "the GitOps sync wait ended as " + state.outcome();
        } catch (GitOpsException e) {
            return Steps.abort(e).getMessage();
        }
    }

    private static Map<String, Object> supersededResult(WaitState state) {
        Map<String, Object> out = result(state);
        out.put("outcome", "superseded");
        return out;
    }

    /** This build's promotion of the awaited revision, or null (not promoted by this build). */
    private PromotionRecord ownPromotion() {
        try {
            return GitOpsBuildAction.of(getContext().get(Run.class)).ownPromotion(revision);
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "no build record for waitForGitOpsSync", e);
            return null;
        }
    }

    // ---- looking for a newer promotion ----

    private void startSupersedeChecks() {
        if (ownPromotion() == null) {
            return;
        }
        long seconds = Math.max(1, supersedeCheckSeconds);
        supersedeTask = Timer.get()
                .scheduleWithFixedDelay(
                        () -> Computer.threadPoolForRemoting.execute(this::checkSuperseded),
                        seconds,
                        seconds,
                        TimeUnit.SECONDS);
    }

    /** One look; a newer promotion cancels the wait, which then ends as superseded. */
    private void checkSuperseded() {
        PromotionRecord own = ownPromotion();
        if (finished.get() || working || own == null) {
            return;
        }
        working = true;
        try {
            Map<String, String> newer = Superseded.check(getContext(), own, own.commitNamed(revision), false);
            if (newer != null && !finished.get()) {
                supersededBy = newer;
                Wait w = wait;
                if (w != null) {
                    w.cancel(); // completes through onComplete(CANCELLED) → finish()
                }
            }
        } finally {
            working = false;
        }
    }

    private void mirror(WaitState state) {
        try {
            statusMirror.mirror(getContext().get(Run.class), state, log());
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not mirror a commit status", e);
        }
    }

    /** The step's return value: plain values only. */
    static Map<String, Object> result(WaitState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("revision", state.revision());
        out.put("outcome", state.outcome().name().toLowerCase(java.util.Locale.ROOT));
        List<Map<String, Object>> list = new ArrayList<>();
        for (TargetStatus t : state.targets()) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("target", t.target().toString());
            target.put("phase", t.phase().name().toLowerCase(java.util.Locale.ROOT));
            target.put("revision", t.revision());
            target.put("health", t.health());
            target.put("reason", t.reason());
            target.put("message", t.message());
            list.add(target);
        }
        out.put("targets", list);
        return out;
    }

    /** Events in {@code now} that {@code before} had not shown yet. */
    static List<SyncEvent> newEvents(WaitState before, WaitState now) {
        Set<SyncEvent> seen = new HashSet<>();
        if (before != null) {
            for (TargetStatus t : before.targets()) {
                seen.addAll(t.events());
            }
        }
        List<SyncEvent> fresh = new ArrayList<>();
        for (TargetStatus t : now.targets()) {
            for (SyncEvent e : t.events()) {
                if (seen.add(e)) {
                    fresh.add(e);
                }
            }
        }
        return fresh;
    }

    private void record(WaitState state, List<SyncEvent> fresh) throws IOException, InterruptedException {
        GitOpsBuildAction action = GitOpsBuildAction.of(getContext().get(Run.class));
        PromotionRecord p = action.promotionForRevision(state.revision());
        String outcome =
                switch (state.outcome()) {
                    case WAITING ->
                        state.targets().stream().anyMatch(t -> t.phase() != io.gitopspipeline.sync.Phase.UNKNOWN)
                                ? "progressing"
                                : "waiting";
                    case SUCCEEDED -> "succeeded";
                    case FAILED -> "failed";
                    case TIMED_OUT -> "timed out";
                    case CANCELLED -> supersededBy != null ? "superseded" : "cancelled";
                };
        p.setSync(outcome, state.outcome().isDone() ? state.summary() : null);
        for (SyncEvent e : fresh) {
            p.addEvent(new SyncEventRecord(
                    e.time() == null ? null : e.time().toString(),
                    e.source(),
                    e.target().toString(),
                    e.revision(),
                    e.phase().name().toLowerCase(java.util.Locale.ROOT),
                    e.reason(),
                    e.message()));
        }
        action.save();
    }

    // ---- polling the cluster (optional) ----

    private void startPolling() {
        if (commitStatusProvider != null) {
            // credentials lookup and a client: not work for the CPS VM thread either
            Timer.get().execute(this::startCommitStatusPollingNow);
        }
        if (kubeconfigCredentialsId == null) {
            return;
        }
        // credentials lookup, a temporary file and a client: not work for the CPS VM thread
        Timer.get().execute(this::startPollingNow);
    }

    /** Fails the step at once for a provider whose statuses core cannot read, before any waiting. */
    private void checkCommitStatusProvider() throws InvalidInputException {
        if (commitStatusProvider == null) {
            if (commitStatusServerUrl != null || commitStatusRepository != null || commitStatusCredentialsId != null) {
                throw new InvalidInputException(
                        "commitStatusServerUrl, commitStatusRepository and commitStatusCredentialsId need"
                                + " commitStatusProvider");
            }
            return;
        }
        ProviderType.parse(commitStatusProvider); // an unknown name fails here, naming the known ones
        if (commitStatusRepository == null) {
            throw new InvalidInputException("commitStatusProvider needs commitStatusRepository, the GitOps"
                    + " repository on the provider (e.g. org/gitops)");
        }
    }

    /**
     * Polls the commit statuses on the revision through core's {@code scm} providers ({@link
     * ScmCommitStatusSource}) and feeds what they say to the registry, as cluster polling does.
     */
    private void startCommitStatusPollingNow() {
        Wait w = wait;
        if (w == null || finished.get()) {
            return;
        }
        BuildLog log = log();
        try {
            Run<?, ?> run = getContext().get(Run.class);
            ScmConnections scm = ScmConnections.resolve(
                    commitStatusProvider,
                    commitStatusServerUrl,
                    commitStatusRepository,
                    null,
                    commitStatusCredentialsId,
                    null,
                    run);
            ScmConnection connection = scm.connection(); // names missing credentials
            log = new BuildLog(
                    getContext().get(TaskListener.class), scm.credential().maskedValues());
            ScmContext context = ScmContext.system(log, Duration.ofSeconds(30));
            Duration interval = Steps.duration(
                    "pollInterval",
                    pollInterval,
                    GitOpsGlobalConfiguration.get().getPollInterval());
            PollingFallback fallback = new PollingFallback(
                    new CommitStatusPoller(new ScmCommitStatusSource(ScmProviders.create(connection, context))),
                    SyncWaits.get()::accept,
                    SyncWaits.get().pollingScheduler(),
                    interval,
                    log);
            statusPolling = fallback;
            log.println("[gitops] Polling the commit statuses of "
                    + scm.repository()
                    + " on "
                    + commitStatusProvider
                    + " every "
                    + Util.getTimeSpanString(interval.toMillis()));
            fallback.watch(w);
            if (finished.get()) {
                cleanUp(); // finished while we were connecting
            }
        } catch (GitOpsException | IOException | InterruptedException | RuntimeException e) {
            log.println("[gitops] WARNING: cannot poll commit statuses: " + e.getMessage());
        }
    }

    private void startPollingNow() {
        Wait w = wait;
        if (w == null || finished.get()) {
            return;
        }
        BuildLog log = log();
        try {
            Run<?, ?> run = getContext().get(Run.class);
            MappedCredential kubeconfig =
                    GitOpsCredentials.forBuild(kubeconfigCredentialsId, run, "kubeconfig credentials");
            Path directory = PrivateFiles.directory("gitops-kubeconfig");
            kubeconfigDirectory = directory;
            Path file =
                    PrivateFiles.write(directory, "config", kubeconfig.secret().reveal());
            KubernetesClient client = KubernetesClients.connectSelfContained(file, kubeContext);
            kubernetes = client;
            Duration interval = Steps.duration(
                    "pollInterval",
                    pollInterval,
                    GitOpsGlobalConfiguration.get().getPollInterval());
            PollingFallback fallback = new PollingFallback(
                    new KubernetesStatusPoller(client),
                    SyncWaits.get()::accept,
                    SyncWaits.get().pollingScheduler(),
                    interval,
                    log);
            polling = fallback;
            log.println("[gitops] Polling the cluster every " + Util.getTimeSpanString(interval.toMillis()));
            fallback.watch(w);
            if (finished.get()) {
                cleanUp(); // finished while we were connecting
            }
        } catch (InvalidInputException e) {
            // e.g. a kubeconfig that would run a program or read files on the controller: waiting on
            // for a webhook would hide why the polling the author asked for never happens
            log.println("[gitops] ERROR: cannot poll the cluster: " + e.getMessage());
            failNow(Steps.abort(e));
        } catch (GitOpsException e) {
            log.println("[gitops] WARNING: cannot poll the cluster: " + e.getMessage());
        } catch (IOException | InterruptedException | RuntimeException e) {
            log.println("[gitops] WARNING: cannot poll the cluster: " + e.getMessage());
        }
    }

    /** Ends the wait with {@code cause}, as {@link #stop} does, from a background thread. */
    private void failNow(Throwable cause) {
        try {
            stop(cause);
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "could not stop waitForGitOpsSync", e);
        }
    }

    private void cleanUp() {
        ScheduledFuture<?> checks = supersedeTask;
        supersedeTask = null;
        if (checks != null) {
            checks.cancel(false);
        }
        PollingFallback s = statusPolling;
        statusPolling = null;
        if (s != null) {
            s.close();
        }
        PollingFallback p = polling;
        polling = null;
        if (p != null) {
            p.close();
        }
        KubernetesClient k = kubernetes;
        kubernetes = null;
        if (k != null) {
            k.close();
        }
        Path d = kubeconfigDirectory;
        kubeconfigDirectory = null;
        PrivateFiles.delete(d);
    }

    // ---- helpers ----

    private void initTransients() {
        finished = new AtomicBoolean();
        pending = new AtomicReference<>();
        completed = new AtomicReference<>();
    }

    private BuildLog log() {
        try {
            return new BuildLog(getContext().get(TaskListener.class));
        } catch (IOException | InterruptedException e) {
            return new BuildLog(TaskListener.NULL);
        }
    }

    private static String webhookHint() {
        String root = Jenkins.get().getRootUrl();
        return root == null ? "" : " (reconciler webhook: " + root + GitOpsWebhook.URL_NAME + "/flux or /argocd)";
    }
}
