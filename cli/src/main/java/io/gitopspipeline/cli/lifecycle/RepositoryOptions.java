package io.gitopspipeline.cli.lifecycle;

import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.cli.SecretFiles;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.PromoterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  @Option(
      names = "--username",
      paramLabel = "USER",
      description = "HTTPS user name (default with a token: x-access-token).")
  String username;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "File holding the HTTPS password.")
  Path passwordFile;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding an HTTPS access token.")
  Path tokenFile;

  @Option(names = "--ssh-key", paramLabel = "FILE", description = "SSH private key file.")
  Path sshKey;

  @Option(
      names = "--ssh-key-passphrase-file",
      paramLabel = "FILE",
      description = "File holding the SSH key's passphrase.")
  Path sshKeyPassphraseFile;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description = "known_hosts file to check the SSH server's key (default: ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(
      names = "--accept-new-host-keys",
      description = "Accept and record the key of an SSH host not yet in known_hosts.")
  boolean acceptNewHostKeys;

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
    if (passwordFile != null && tokenFile != null) {
      throw new InvalidInputException("give either --password-file or --token-file, not both");
    }
    Path secretFile = passwordFile != null ? passwordFile : tokenFile;
    if (sshKey != null && secretFile != null) {
      throw new InvalidInputException(
          "--ssh-key cannot be combined with --password-file or --token-file; SSH URLs use the"
              + " key, HTTPS URLs the password or token");
    }
    if (sshKey != null) {
      if (!Files.isReadable(sshKey)) {
        throw new InvalidInputException("--ssh-key file '" + sshKey + "' cannot be read");
      }
      Secret passphrase =
          sshKeyPassphraseFile == null
              ? null
              : SecretFiles.readPassword(sshKeyPassphraseFile, "--ssh-key-passphrase-file");
      return new GitCredentials.SshKey(sshKey, passphrase, knownHosts, acceptNewHostKeys);
    }
    if (secretFile != null) {
      String option = passwordFile != null ? "--password-file" : "--token-file";
      return new GitCredentials.UsernamePassword(
          username, SecretFiles.readPassword(secretFile, option));
    }
    if (username != null) {
      throw new InvalidInputException(
          "--username needs --password-file or --token-file with the password or token");
    }
    return GitCredentials.NONE;
  }
}
