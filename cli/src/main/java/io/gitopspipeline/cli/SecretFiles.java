package io.gitopspipeline.cli;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads credentials from files named on the command line (never from arguments, which other users
 * can see): bounded in size, with errors that name the option and the file but never the content.
 */
public final class SecretFiles {
  private static final long MAX_BYTES = 64 * 1024;

  private SecretFiles() {}

  /** The file's content exactly as it is, e.g. a PEM private key. */
  public static Secret read(Path file, String option) throws InvalidInputException {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new InvalidInputException(
            option + " " + file + " is larger than a credential can be");
      }
      return Secret.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvalidInputException(option + " " + file + " cannot be read");
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

  private static Secret nonEmpty(String value, Path file, String option)
      throws InvalidInputException {
    if (value.isEmpty()) {
      throw new InvalidInputException(option + " " + file + " is empty");
    }
    return Secret.of(value);
  }
}
