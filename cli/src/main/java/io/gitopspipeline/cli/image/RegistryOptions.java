package io.gitopspipeline.cli.image;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.image.CredentialSource;
import io.gitopspipeline.image.DockerConfigCredentials;
import io.gitopspipeline.image.RegistryClientOptions;
import io.gitopspipeline.image.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How registry commands connect and authenticate; the password only ever comes from stdin. */
public final class RegistryOptions {
  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST",
      description = "Reach this registry (host[:port]) over plain HTTP; repeatable.")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = "--username", paramLabel = "U", description = "Registry user name.")
  String username;

  @Option(
      names = "--password-stdin",
      description = "Read the password or token for --username from standard input.")
  boolean passwordStdin;

  @Option(
      names = "--docker-config",
      paramLabel = "FILE",
      description =
          "A Docker config.json to take credentials from: its credHelpers/credsStore credential"
              + " helpers, else its 'auths'. Default: $DOCKER_CONFIG/config.json or"
              + " ~/.docker/config.json when it exists.")
  Path dockerConfig;

  /** The client options these flags give; the password, if any, is read from {@code stdin}. */
  public RegistryClientOptions toClientOptions(InputStream stdin) throws InvalidInputException {
    return RegistryClientOptions.defaults()
        .withInsecureRegistries(new HashSet<>(insecureRegistries))
        .withCredentials(credentials(stdin));
  }

  private CredentialSource credentials(InputStream stdin) throws InvalidInputException {
    if (username != null && dockerConfig != null) {
      throw new InvalidInputException(
          "give either --username with --password-stdin or --docker-config, not both");
    }
    if (username != null || passwordStdin) {
      if (username == null || username.isBlank()) {
        throw new InvalidInputException("--password-stdin needs --username");
      }
      if (!passwordStdin) {
        throw new InvalidInputException(
            "--username needs --password-stdin; the password is read from standard input");
      }
      return CredentialSource.of(new RegistryCredentials(username, readPassword(stdin)));
    }
    if (dockerConfig != null) {
      return DockerConfigCredentials.load(dockerConfig);
    }
    Optional<Path> defaultConfig = DockerConfigCredentials.defaultLocation();
    if (defaultConfig.isPresent()) {
      return DockerConfigCredentials.load(defaultConfig.get());
    }
    return CredentialSource.ANONYMOUS;
  }

  private static Secret readPassword(InputStream stdin) throws InvalidInputException {
    String password;
    try {
      password = new String(stdin.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the password from standard input");
    }
    // Like docker login --password-stdin: the trailing newline is not part of the password.
    password = password.replaceAll("[\r\n]+$", "");
    if (password.isEmpty()) {
      throw new InvalidInputException("--password-stdin read an empty password");
    }
    return Secret.of(password);
  }
}
