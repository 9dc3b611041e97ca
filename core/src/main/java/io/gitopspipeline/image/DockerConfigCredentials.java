package io.gitopspipeline.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a Docker {@code config.json}: the {@code auths} entries that {@code docker
 * login} writes, either {@code auth} (base64 of {@code user:password}) or {@code username} and
 * {@code password}. Keys may be a bare host or a URL ({@code https://index.docker.io/v1/}).
 * Credential helpers ({@code credsStore}, {@code credHelpers}) are not run.
 */
public final class DockerConfigCredentials implements CredentialSource {
  private static final long MAX_SIZE = 1024 * 1024;

  private final Map<String, RegistryCredentials> byRegistry;

  private DockerConfigCredentials(Map<String, RegistryCredentials> byRegistry) {
    this.byRegistry = Map.copyOf(byRegistry);
  }

  /**
   * Reads a config file.
   *
   * @throws InvalidInputException when the file is missing, too large, not JSON, or has an {@code
   *     auth} value that is not base64 of {@code user:password}; the message never quotes a value
   */
  public static DockerConfigCredentials load(Path file) throws InvalidInputException {
    JsonNode root;
    try {
      if (Files.size(file) > MAX_SIZE) {
        throw new InvalidInputException(
            "Docker config " + file + " is larger than 1 MiB; is it the right file?");
      }
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read Docker config "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); give a readable config.json");
    }
    Map<String, RegistryCredentials> credentials = new HashMap<>();
    JsonNode auths = root == null ? null : root.get("auths");
    if (auths != null && auths.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> entries = auths.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        parseEntry(file, entry.getKey(), entry.getValue())
            .ifPresent(c -> credentials.put(normaliseKey(entry.getKey()), c));
      }
    }
    return new DockerConfigCredentials(credentials);
  }

  /** {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}, if it exists. */
  public static Optional<Path> defaultLocation() {
    String dir = System.getenv("DOCKER_CONFIG");
    Path file =
        dir != null && !dir.isBlank()
            ? Path.of(dir, "config.json")
            : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  @Override
  public Optional<RegistryCredentials> credentialsFor(String registry) {
    return Optional.ofNullable(byRegistry.get(normaliseKey(registry)));
  }

  private static Optional<RegistryCredentials> parseEntry(Path file, String key, JsonNode entry)
      throws InvalidInputException {
    if (entry == null || !entry.isObject()) {
      return Optional.empty();
    }
    String auth = text(entry, "auth");
    if (auth != null && !auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "Docker config " + file + ": the 'auth' of '" + key + "' is not valid base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new InvalidInputException(
            "Docker config "
                + file
                + ": the 'auth' of '"
                + key
                + "' is not base64 of user:password");
      }
      return Optional.of(
          new RegistryCredentials(
              decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1))));
    }
    String username = text(entry, "username");
    String password = text(entry, "password");
    if (username != null && password != null) {
      return Optional.of(new RegistryCredentials(username, Secret.of(password)));
    }
    return Optional.empty();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** Docker's own rule: drop the scheme and any path; all Docker Hub names mean docker.io. */
  static String normaliseKey(String key) {
    String host = key.trim();
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    host = host.toLowerCase(Locale.ROOT);
    return switch (host) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" ->
          ImageReference.DOCKER_HUB;
      default -> host;
    };
  }
}
