package io.gitopspipeline.cli.repo;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.cli.SecretFiles;
import io.gitopspipeline.repo.GitCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command authenticates to the GitOps repository: a {@code @Mixin} shared by {@code promote}
 * and the lifecycle commands, so every command that reaches the repository takes the same options
 * and checks them the same way.
 */
public final class GitCredentialOptions {
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
      description =
          "Accept and record the key of an SSH host not yet in known_hosts; changed keys are"
              + " still refused.")
  boolean acceptNewHostKeys;

  /** The {@code --token-file}, which a pull request's provider may also use; null without it. */
  public Path tokenFile() {
    return tokenFile;
  }

  /** The credentials the options describe; the secret files are read now. */
  public GitCredentials credentials() throws InvalidInputException {
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
      SecretFiles.warnIfShared(sshKey, "--ssh-key");
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
