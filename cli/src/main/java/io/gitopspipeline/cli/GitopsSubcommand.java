package io.gitopspipeline.cli;

import io.gitopspipeline.api.GitOpsException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every leaf command: gives it the {@link Console} and lets it throw {@link
 * GitOpsException}, which {@link Main} turns into a message and an exit code.
 */
public abstract class GitopsSubcommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  protected Console console() {
    return ((GitopsCommand) spec.root().userObject()).console();
  }

  @Override
  public final Integer call() throws GitOpsException {
    return execute();
  }

  /** Runs the command and returns its exit code (0 on success). */
  protected abstract int execute() throws GitOpsException;
}
