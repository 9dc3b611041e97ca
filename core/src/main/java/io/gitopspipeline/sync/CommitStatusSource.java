package io.gitopspipeline.sync;

import io.gitopspipeline.api.GitOpsException;
import java.util.List;

/**
 * Reads the statuses on a commit of the GitOps repository; implemented by the {@code scm}
 * capability for each SCM provider.
 */
@FunctionalInterface
public interface CommitStatusSource {
  /** Every status on {@code sha}, newest first where the provider orders them. */
  List<CommitStatus> statuses(String sha) throws GitOpsException;
}
