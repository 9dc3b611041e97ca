package io.gitopspipeline.cli;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Reads credentials from files named on the command line (never from arguments, which other users
 * can see): bounded in size, with errors that name the option and the file but never the content.
 *
 * <p>Like ssh with a private key, a file that its group or other users may access is read but
 * warned about on standard error. A pipe ({@code --token-file <(vault read ...)}) or device is read
 * with the same size bound and a deadline, so a pipe nobody writes to cannot hang the command.
 */
public final class SecretFiles {
  private static final long MAX_BYTES = 64 * 1024;
  private static final Duration PIPE_DEADLINE = Duration.ofSeconds(10);
  private static final Set<PosixFilePermission> SHARED =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  /**
   * Where warnings go: the running invocation's standard error, which {@link Main#run} sets for its
   * thread; the static readers are called from many commands' option classes, which have no console
   * of their own.
   */
  private static final ThreadLocal<Consumer<String>> WARNINGS =
      ThreadLocal.withInitial(() -> System.err::println);

  private SecretFiles() {}

  /** Sends this thread's warnings to {@code sink}; {@code null} restores standard error. */
  static void warningsTo(Consumer<String> sink) {
    if (sink == null) {
      WARNINGS.remove();
    } else {
      WARNINGS.set(sink);
    }
  }

  /** The file's content exactly as it is, e.g. a PEM private key. */
  public static Secret read(Path file, String option) throws InvalidInputException {
    return read(file, option, PIPE_DEADLINE);
  }

  static Secret read(Path file, String option, Duration pipeDeadline) throws InvalidInputException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new InvalidInputException(option + " " + file + " cannot be read");
    }
    if (attributes.isDirectory()) {
      throw new InvalidInputException(option + " " + file + " is a directory, not a file");
    }
    byte[] content;
    if (attributes.isRegularFile()) {
      warnIfShared(file, option);
      content = readBounded(file, option);
    } else {
      content = readWithDeadline(file, option, pipeDeadline);
    }
    return Secret.of(new String(content, StandardCharsets.UTF_8));
  }

  /**
   * Warns (on standard error, naming the file, never its content) when the group or other users may
   * access a credential file, as ssh does for a private key; silent where the file system has no
   * POSIX permissions.
   */
  public static void warnIfShared(Path file, String option) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.readAttributes(file, PosixFileAttributes.class).permissions();
    } catch (IOException | UnsupportedOperationException e) {
      return;
    }
    if (permissions.stream().anyMatch(SHARED::contains)) {
      WARNINGS
          .get()
          .accept(
              "warning: "
                  + option
                  + " "
                  + file
                  + " is accessible by other users (permissions "
                  + PosixFilePermissions.toString(permissions)
                  + "); restrict it to its owner, e.g. chmod 600 "
                  + file);
    }
  }

  /**
   * A password: the content without its trailing line breaks (editors and {@code echo} add one),
   * other whitespace kept, since it may be part of the password.
   */
  public static Secret readPassword(Path file, String option) throws InvalidInputException {
    return nonEmpty(read(file, option).reveal().replaceAll("[\\r\\n]+$", ""), file, option);
  }

  /** A token or key: surrounding whitespace is never part of one. */
  public static Secret readToken(Path file, String option) throws InvalidInputException {
    return nonEmpty(read(file, option).reveal().strip(), file, option);
  }

  private static byte[] readBounded(Path file, String option) throws InvalidInputException {
    byte[] content;
    try (InputStream in = Files.newInputStream(file)) {
      content = in.readNBytes((int) MAX_BYTES + 1);
    } catch (IOException e) {
      throw new InvalidInputException(option + " " + file + " cannot be read");
    }
    if (content.length > MAX_BYTES) {
      throw new InvalidInputException(option + " " + file + " is larger than a credential can be");
    }
    return content;
  }

  /**
   * Reads a pipe or device on a daemon thread: opening a pipe without a writer blocks, and Java
   * cannot interrupt that, so the command gives up waiting instead.
   */
  private static byte[] readWithDeadline(Path file, String option, Duration deadline)
      throws InvalidInputException {
    CompletableFuture<byte[]> read = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                read.complete(readBounded(file, option));
              } catch (InvalidInputException | RuntimeException e) {
                read.completeExceptionally(e);
              }
            },
            "secret-file-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      return read.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      reader.interrupt();
      throw new InvalidInputException(
          option
              + " "
              + file
              + " gave no complete content within "
              + deadline.toMillis()
              + " ms; it is not a regular file (a pipe nobody writes to, or a terminal?)");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InvalidInputException invalid) {
        throw invalid;
      }
      throw new InvalidInputException(option + " " + file + " cannot be read");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidInputException(option + " " + file + " cannot be read: interrupted");
    }
  }

  private static Secret nonEmpty(String value, Path file, String option)
      throws InvalidInputException {
    if (value.isEmpty()) {
      throw new InvalidInputException(option + " " + file + " is empty");
    }
    return Secret.of(value);
  }
}
