package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An external program found and version-checked: {@code helm}, {@code kustomize}, or {@code
 * kubectl} (whose {@code kustomize} subcommand embeds kustomize).
 *
 * @param name what it is ({@code helm}, {@code kustomize}, {@code kubectl})
 * @param path the executable
 * @param version the version it reported, e.g. {@code v4.1.4}
 */
public record ExternalTool(String name, Path path, String version) {
  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)[\\w.+-]*");

  /** The major version number. */
  int major() {
    Matcher m = VERSION.matcher(version);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /**
   * The executable: {@code explicit} when given (it must be executable), else the first of {@code
   * names} on the PATH.
   */
  static Path locate(Path explicit, List<String> names, String what) throws InvalidInputException {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit) || !Files.isExecutable(explicit)) {
        throw new InvalidInputException(
            what + " '" + explicit + "' is not an executable file; fix the path");
      }
      return explicit.toAbsolutePath();
    }
    String path = System.getenv("PATH");
    for (String name : names) {
      if (path != null) {
        for (String dir : path.split(File.pathSeparator)) {
          if (dir.isEmpty()) {
            continue;
          }
          Path candidate = Path.of(dir, name);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            return candidate.toAbsolutePath();
          }
        }
      }
    }
    throw new InvalidInputException(
        what + " not found: none of " + names + " is on the PATH; install it or give its path");
  }

  /**
   * Runs {@code args} to learn the version; {@code pattern}'s first group is the version. The
   * answer is remembered in {@code cache} per executable and modification time, so a renderer asks
   * each program once rather than on every render.
   */
  static String version(
      ProcessRunner runner,
      Path executable,
      List<String> args,
      Pattern pattern,
      Path workDir,
      Map<String, String> env,
      Map<String, String> cache)
      throws GitOpsException {
    String key;
    try {
      key = executable + "|" + Files.getLastModifiedTime(executable).toMillis();
    } catch (java.io.IOException e) {
      key = executable.toString();
    }
    String cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    String version = runVersion(runner, executable, args, pattern, workDir, env);
    cache.put(key, version);
    return version;
  }

  private static String runVersion(
      ProcessRunner runner,
      Path executable,
      List<String> args,
      Pattern pattern,
      Path workDir,
      Map<String, String> env)
      throws GitOpsException {
    List<String> command = new java.util.ArrayList<>();
    command.add(executable.toString());
    command.addAll(args);
    ProcessRunner.Result result = runner.run(command, workDir, env, Duration.ofSeconds(30));
    Matcher m = pattern.matcher(result.stdout() + "\n" + result.stderr());
    if (result.exitCode() != 0 || !m.find()) {
      throw new GitOpsException(
          executable
              + " "
              + String.join(" ", args)
              + " did not report a version: "
              + ProcessRunner.stderrForMessage(result.stderr()));
    }
    return m.group(1);
  }
}
