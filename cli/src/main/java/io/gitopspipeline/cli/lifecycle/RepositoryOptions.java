package io.gitopspipeline.cli.lifecycle;

import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.repo.GitCredentialOptions;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.PromoterSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the lifecycle commands reach the GitOps repository: the same repository, credential, cache
 * and timeout options as {@code promote}.
 */
final class RepositoryOptions {
  @Option(
      names = "--repo",
      required = true,
      paramLabel = "URL_OR_PATH",
      description = "The GitOps repository: https://, ssh://, git@host:path, file:// or a path.")
  String repo;

  @Option(
      names = "--branch",
      required = true,
      paramLabel = "ENV_BRANCH",
      description = "The environment branch.")
  String branch;

  @Option(
      names = "--path",
      paramLabel = "TEMPLATE",
      description = "Where apps live in the repository (default: apps/{app}/{env}).")
  String path;

  @Mixin GitCredentialOptions gitCredentials;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "Keep a per-remote cache here so later runs fetch only what is new (history is kept"
              + " under DIR/history).")
  Path cacheDir;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where temporary repositories go (default: the system's temp dir).")
  Path workDir;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "2m",
      description = "Timeout of each network operation (default: 2m).")
  String timeout;

  Duration networkTimeout() throws InvalidInputException {
    return Durations.parse(timeout);
  }

  PromoterSettings settings(int maxAttempts) throws InvalidInputException {
    PromoterSettings defaults = PromoterSettings.defaults();
    return new PromoterSettings(
        workDir,
        cacheDir,
        maxAttempts,
        defaults.initialBackoff(),
        defaults.maxBackoff(),
        networkTimeout());
  }

  GitCredentials credentials() throws InvalidInputException {
    return gitCredentials.credentials();
  }
}
