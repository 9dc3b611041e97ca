package io.gitopspipeline.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.sync.CommitStatus;
import io.gitopspipeline.sync.CommitStatusSource;
import java.util.List;
import java.util.Objects;

/**
 * The commit statuses of the GitOps repository for {@code sync}'s polling fallback ({@link
 * io.gitopspipeline.sync.CommitStatusPoller}): where a reconciler reports through commit statuses
 * only, waiting for a sync reads them from the provider.
 */
public final class ScmCommitStatusSource implements CommitStatusSource {
  private final ScmProvider provider;

  public ScmCommitStatusSource(ScmProvider provider) {
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  @Override
  public List<CommitStatus> statuses(String sha) throws GitOpsException {
    return provider.commitStatuses(sha).stream()
        .map(s -> new CommitStatus(s.context(), s.state(), s.description(), s.updatedAt()))
        .toList();
  }
}
