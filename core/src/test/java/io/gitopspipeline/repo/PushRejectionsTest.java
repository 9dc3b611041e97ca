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
        "reference already exists",
        "invalid old id sent",
        "failed to lock",
        "cannot lock ref 'refs/heads/main': reference already exists",
        "Could not update refs/heads/main. Please refresh and try again.",
        "TF401028: The reference 'refs/heads/main' has already been updated by another client,"
            + " so you cannot update it. Please try again."
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
        "policy: promotions to main need an approval",
        "GH013: Repository rule violations found for refs/heads/main.",
        "TF402455: Pushes to this branch are not permitted; you must use a pull request to update"
            + " this branch.",
        "TF401027: You need the Git 'GenericContribute' permission to perform this action.",
        "Branch refs/heads/main can only be modified through pull requests.",
        "Gitea: User permission denied for writing.",
        "Permission to team/gitops.git denied to deploy-bot."
      })
  void refusalsForGoodAreNotRetried(String message) {
    assertThat(PushRejections.branchMoved(Status.REJECTED_OTHER_REASON, message)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GitLab: You are not allowed to push code to protected branches on this project.",
        "remote: error: GH006: Protected branch update failed for refs/heads/main.",
        "TF402455: Pushes to this branch are not permitted; you must use a pull request"
      })
  void aRefusalForGoodInTheServersMessagesWinsOverARaceStatus(String serverMessages) {
    assertThat(
            PushRejections.branchMoved(
                Status.REJECTED_OTHER_REASON, "pre-receive hook declined", serverMessages))
        .isFalse();
    assertThat(
            PushRejections.branchMoved(
                Status.REJECTED_OTHER_REASON, "failed to lock", serverMessages))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://git.example.com/gitops.git: not authorized",
        "Authentication is required but no CredentialsProvider has been registered",
        "https://git.example.com/gitops.git: git-receive-pack not permitted on"
            + " 'https://git.example.com/gitops.git/'",
        "Permission denied (publickey)."
      })
  void authenticationAndAuthorizationFailuresOfTheTransportAreNeverRetried(String message) {
    assertThat(PushRejections.permanentTransportFailure(message)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.class,
      names = {"REJECTED_NODELETE", "NON_EXISTING", "NOT_ATTEMPTED"})
  void otherStatusesAreNotARace(Status status) {
    assertThat(PushRejections.branchMoved(status, "fetch first")).isFalse();
  }
}
