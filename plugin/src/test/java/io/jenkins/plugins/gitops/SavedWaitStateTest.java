package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import io.gitopspipeline.sync.TargetStatus;
import io.gitopspipeline.sync.WaitOutcome;
import io.gitopspipeline.sync.WaitState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a waiting step persists gives back exactly the wait it had, after a trip through serialization. */
class SavedWaitStateTest {
    private static final String REVISION = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";

    @Test
    void restoresEveryTargetWithItsEvents() throws Exception {
        Target apps = new Target("Kustomization", "flux-system", "apps", "staging-eu1");
        Target web = Target.of("HelmRelease", "web", "web");
        SyncEvent progressing = new SyncEvent(
                "flux",
                apps,
                REVISION,
                Phase.PROGRESSING,
                null,
                "Progressing",
                "applying",
                Instant.parse("2026-08-20T10:15:40.123456789Z"));
        SyncEvent succeeded = new SyncEvent(
                "flux",
                apps,
                REVISION,
                Phase.SUCCEEDED,
                "Healthy",
                "ReconciliationSucceeded",
                "Reconciliation finished",
                Instant.parse("2026-08-20T10:15:42Z"));
        WaitState state = new WaitState(
                "wait-1",
                REVISION,
                Instant.parse("2026-08-20T10:45:00Z"),
                WaitOutcome.WAITING,
                List.of(
                        new TargetStatus(
                                apps,
                                Phase.SUCCEEDED,
                                REVISION,
                                "Healthy",
                                "ReconciliationSucceeded",
                                "Reconciliation finished",
                                succeeded.time(),
                                List.of(progressing, succeeded)),
                        TargetStatus.unknown(web)));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(SavedWaitState.of(state));
        }
        SavedWaitState read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = (SavedWaitState) in.readObject();
        }

        assertEquals(state, read.toState());
    }
}
