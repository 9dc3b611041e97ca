package io.gitopspipeline.cli;

import io.gitopspipeline.api.FailureKind;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.UncheckedGitOpsException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point of {@code gitops}: wires the command tree and maps failures to exit codes. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one invocation; separate from {@link #main} so tests can run the CLI in-process. */
  public static int run(String[] args, PrintStream stdout, PrintStream stderr) {
    PrintWriter out =
        new PrintWriter(new java.io.OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new java.io.OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
    Console console = new Console(out, err);
    CommandLine commandLine = commandLine(console);
    commandLine.setOut(out);
    commandLine.setErr(err);
    int exit;
    SecretFiles.warningsTo(console::diagnostic);
    try {
      exit = commandLine.execute(args);
    } finally {
      SecretFiles.warningsTo(null);
    }
    out.flush();
    err.flush();
    return exit;
  }

  static CommandLine commandLine(Console console) {
    CommandLine commandLine = new CommandLine(new GitopsCommand(console));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> handleFailure(console, exception));
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> handleUsageError(console, exception));
    return commandLine;
  }

  private static int handleFailure(Console console, Exception exception) {
    Throwable failure = exception;
    if (failure instanceof UncheckedGitOpsException unchecked) {
      failure = unchecked.getCause();
    }
    if (failure instanceof GitOpsException gitOps) {
      console.failure(gitOps.kind(), gitOps.getMessage());
      printStackTraceIfDebug(console, gitOps);
      return gitOps.kind().exitCode();
    }
    console.failure(
        FailureKind.FAILED,
        "unexpected internal error ("
            + failure.getClass().getSimpleName()
            + "); rerun with --debug for details and report it if it persists");
    printStackTraceIfDebug(console, failure);
    return FailureKind.FAILED.exitCode();
  }

  private static int handleUsageError(Console console, ParameterException exception) {
    CommandLine cmd = exception.getCommandLine();
    String message = exception.getMessage();
    if (exception instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
    }
    String commandPath = cmd.getCommandSpec().qualifiedName();
    console.failure(
        FailureKind.INVALID_INPUT,
        message + " (run '" + helpCommandFor(commandPath) + "' for usage)");
    return FailureKind.INVALID_INPUT.exitCode();
  }

  private static String helpCommandFor(String qualifiedName) {
    String rest = qualifiedName.startsWith("gitops") ? qualifiedName.substring(6).trim() : "";
    return rest.isEmpty() ? "gitops help" : "gitops " + rest + " --help";
  }

  private static void printStackTraceIfDebug(Console console, Throwable failure) {
    if (console.debug()) {
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      console.diagnostic(trace.toString());
    }
  }
}
