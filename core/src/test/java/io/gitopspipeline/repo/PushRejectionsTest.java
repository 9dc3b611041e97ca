package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.transport.RemoteRefUpdate.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PushRejectionsTest {
  @ParameterizedTest
  @EnumSource(
      value = Status.class,
      names = {"REJECTED_NONFASTFORWARD", "REJECTED_REMOTE_CHANGED"})
  void jgitsOwnRaceStatusesMeanTheBranchMoved(Status status) {
    assertThat(PushRejections.branchMoved(status, null)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "non-fast-forward",
        "fetch first",
        "stale info",
        "incorrect old value provided",
        "cannot lock ref 'refs/heads/main': is at 1234 but expected 5678",
        "failed to lock",
        "lock error: Failed to lock",
        "failed to update ref",
        "Updates were rejected because the remote contains work that you do not have locally",
        "remote ref has changed",
        "reference already exists"
      })
  void serverPhrasingsOfARaceMeanTheBranchMoved(String message) {
    assertThat(PushRejections.branchMoved(Status.REJECTED_OTHER_REASON, message)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pre-receive hook declined",
        "protected branch hook declined",
        "GH006: Protected branch update failed for refs/heads/main.",
        "You are not allowed to push code to protected branches on this project.",
        "permission denied",
        "policy: promotions to main need an approval"
      })
  void refusalsForGoodAreNotRetried(String message) {
    assertThat(PushRejections.branchMoved(Status.REJECTED_OTHER_REASON, message)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.class,
      names = {"REJECTED_NODELETE", "NON_EXISTING", "NOT_ATTEMPTED"})
  void otherStatusesAreNotARace(Status status) {
    assertThat(PushRejections.branchMoved(status, "fetch first")).isFalse();
  }
}
