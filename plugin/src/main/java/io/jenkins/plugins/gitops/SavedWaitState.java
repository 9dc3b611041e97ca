package io.jenkins.plugins.gitops;

import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import io.gitopspipeline.sync.TargetStatus;
import io.gitopspipeline.sync.WaitOutcome;
import io.gitopspipeline.sync.WaitState;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Core's {@link WaitState} as plain strings and numbers, the form a waiting step keeps in the
 * Pipeline's program state. Java records are avoided there on purpose: the program state is written
 * with JBoss Marshalling, and plain classes are what it is known to handle. A pure copy, no logic:
 * {@link #of} and {@link #toState} are inverse.
 */
final class SavedWaitState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String revision;
    private final String deadline;
    private final String outcome;
    private final ArrayList<SavedTarget> targets;

    private SavedWaitState(
            String id, String revision, String deadline, String outcome, ArrayList<SavedTarget> targets) {
        this.id = id;
        this.revision = revision;
        this.deadline = deadline;
        this.outcome = outcome;
        this.targets = targets;
    }

    static SavedWaitState of(WaitState state) {
        ArrayList<SavedTarget> targets = new ArrayList<>();
        for (TargetStatus t : state.targets()) {
            targets.add(SavedTarget.of(t));
        }
        return new SavedWaitState(
                state.id(),
                state.revision(),
                state.deadline().toString(),
                state.outcome().name(),
                targets);
    }

    WaitState toState() {
        List<TargetStatus> statuses = new ArrayList<>();
        for (SavedTarget t : targets) {
            statuses.add(t.toStatus());
        }
        return new WaitState(id, revision, Instant.parse(deadline), WaitOutcome.valueOf(outcome), statuses);
    }

    private static Target target(String kind, String namespace, String name, String cluster) {
        return new Target(kind, namespace, name, cluster);
    }

    private static final class SavedTarget implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String kind;
        private final String namespace;
        private final String name;
        private final String cluster;
        private final String phase;
        private final String revision;
        private final String health;
        private final String reason;
        private final String message;
        private final String time;
        private final ArrayList<SavedEvent> events;

        private SavedTarget(TargetStatus status, ArrayList<SavedEvent> events) {
            this.kind = status.target().kind();
            this.namespace = status.target().namespace();
            this.name = status.target().name();
            this.cluster = status.target().cluster();
            this.phase = status.phase().name();
            this.revision = status.revision();
            this.health = status.health();
            this.reason = status.reason();
            this.message = status.message();
            this.time = status.time() == null ? null : status.time().toString();
            this.events = events;
        }

        static SavedTarget of(TargetStatus status) {
            ArrayList<SavedEvent> events = new ArrayList<>();
            for (SyncEvent e : status.events()) {
                events.add(new SavedEvent(e));
            }
            return new SavedTarget(status, events);
        }

        TargetStatus toStatus() {
            List<SyncEvent> seen = new ArrayList<>();
            for (SavedEvent e : events) {
                seen.add(e.toEvent());
            }
            return new TargetStatus(
                    target(kind, namespace, name, cluster),
                    Phase.valueOf(phase),
                    revision,
                    health,
                    reason,
                    message,
                    time == null ? null : Instant.parse(time),
                    seen);
        }
    }

    private static final class SavedEvent implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String source;
        private final String kind;
        private final String namespace;
        private final String name;
        private final String cluster;
        private final String revision;
        private final String phase;
        private final String health;
        private final String reason;
        private final String message;
        private final String time;

        SavedEvent(SyncEvent event) {
            this.source = event.source();
            this.kind = event.target().kind();
            this.namespace = event.target().namespace();
            this.name = event.target().name();
            this.cluster = event.target().cluster();
            this.revision = event.revision();
            this.phase = event.phase().name();
            this.health = event.health();
            this.reason = event.reason();
            this.message = event.message();
            this.time = event.time() == null ? null : event.time().toString();
        }

        SyncEvent toEvent() {
            return new SyncEvent(
                    source,
                    target(kind, namespace, name, cluster),
                    revision,
                    Phase.valueOf(phase),
                    health,
                    reason,
                    message,
                    time == null ? null : Instant.parse(time));
        }
    }
}
