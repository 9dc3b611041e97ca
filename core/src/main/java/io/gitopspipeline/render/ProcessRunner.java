package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.OperationTimedOutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program the safe way: no shell (arguments are passed as they are), a clean
 * environment holding only what the caller gives, a deadline, bounded output, and the program's
 * standard error in the failure message.
 */
final class ProcessRunner {
  static final int MAX_STDOUT = 256 * 1024 * 1024;
  private static final int MAX_STDERR_IN_MESSAGE = 4000;

  /** What a finished program printed. */
  record Result(int exitCode, String stdout, String stderr) {}

  Result run(
      List<String> command, Path directory, Map<String, String> environment, Duration timeout)
      throws GitOpsException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    String program = Path.of(command.get(0)).getFileName().toString();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new GitOpsException(
          "could not start "
              + command.get(0)
              + ": "
              + e.getMessage()
              + "; check that the path points to an executable");
    }
    CompletableFuture<byte[]> out = drain(process.getInputStream(), MAX_STDOUT);
    CompletableFuture<byte[]> err = drain(process.getErrorStream(), 1024 * 1024);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new OperationTimedOutException(
            program
                + " did not finish within "
                + timeout.toSeconds()
                + "s; raise the timeout or check what it is waiting for (network, prompts)");
      }
      return new Result(
          process.exitValue(),
          new String(out.get(), StandardCharsets.UTF_8),
          new String(err.get(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new GitOpsException(program + " was interrupted");
    } catch (ExecutionException e) {
      process.destroyForcibly();
      throw new GitOpsException(
          program + " output could not be read: " + e.getCause().getMessage());
    }
  }

  /** The last part of a program's standard error, fit for an error message. */
  static String stderrForMessage(String stderr) {
    String trimmed = stderr.strip();
    if (trimmed.length() > MAX_STDERR_IN_MESSAGE) {
      trimmed = "..." + trimmed.substring(trimmed.length() - MAX_STDERR_IN_MESSAGE);
    }
    return trimmed.isEmpty() ? "(no output on stderr)" : trimmed;
  }

  private static CompletableFuture<byte[]> drain(InputStream stream, int limit) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[65536];
            int n;
            while ((n = stream.read(chunk)) >= 0) {
              if (buffer.size() + n > limit) {
                throw new IOException("more than " + limit + " bytes of output");
              }
              buffer.write(chunk, 0, n);
            }
            return buffer.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
