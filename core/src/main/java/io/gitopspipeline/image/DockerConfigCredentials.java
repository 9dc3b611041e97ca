package io.gitopspipeline.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.GitOpsException;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials from a Docker {@code config.json}, looked up as the Docker CLI does: a registry's
 * entry in {@code credHelpers} names the credential helper for it; otherwise {@code credsStore}
 * names the helper for every registry; only without either are the {@code auths} entries read
 * ({@code auth}, base64 of {@code user:password}; {@code username} and {@code password}; or an
 * {@code identitytoken}). Keys of {@code auths} may be a bare host or a URL; keys of {@code
 * credHelpers} and the server URL given to a helper are Docker's: {@code
 * https://index.docker.io/v1/} for Docker Hub, otherwise the registry as written ({@code
 * host[:port]}).
 *
 * <p>When the helper has nothing for a registry, access is anonymous, even if {@code auths} has an
 * entry: Docker keeps only e-mail addresses there once a store is configured. A helper runs at most
 * once per registry for the life of this object.
 */
public final class DockerConfigCredentials implements CredentialSource {
  private static final long MAX_SIZE = 1024 * 1024;

  /** The key Docker files Docker Hub's credentials under, and asks helpers for. */
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private final Map<String, RegistryCredentials> byRegistry;
  private final String credsStore;
  private final Map<String, String> credHelpers;
  private final CredentialHelpers helpers;
  private final Map<String, Optional<RegistryCredentials>> fromHelpers = new ConcurrentHashMap<>();

  private DockerConfigCredentials(
      Map<String, RegistryCredentials> byRegistry,
      String credsStore,
      Map<String, String> credHelpers,
      CredentialHelpers helpers) {
    this.byRegistry = Map.copyOf(byRegistry);
    this.credsStore = credsStore;
    this.credHelpers = Map.copyOf(credHelpers);
    this.helpers = helpers;
  }

  /**
   * Reads a config file; its credential helpers are looked up on the {@code PATH}.
   *
   * @throws InvalidInputException when the file is missing, too large, not JSON, or has an {@code
   *     auth} value that is not base64 of {@code user:password}; the message never quotes a value
   */
  public static DockerConfigCredentials load(Path file) throws InvalidInputException {
    return load(file, ProcessCredentialHelpers.fromEnvironment());
  }

  /** Reads a config file whose credential helpers run through {@code helpers}. */
  public static DockerConfigCredentials load(Path file, CredentialHelpers helpers)
      throws InvalidInputException {
    byte[] json;
    try {
      if (Files.size(file) > MAX_SIZE) {
        throw new InvalidInputException(
            "Docker config " + file + " is larger than 1 MiB; is it the right file?");
      }
      json = Files.readAllBytes(file);
    } catch (IOException e) {
      throw unreadable(file.toString(), e);
    }
    return parse(json, file.toString(), helpers);
  }

  /** Names the file and the kind of failure, never the content (it holds secrets). */
  private static InvalidInputException unreadable(String file, IOException e) {
    return new InvalidInputException(
        "cannot read Docker config "
            + file
            + " ("
            + e.getClass().getSimpleName()
            + "); give a readable config.json");
  }

  /** Parses the content of a config; {@code file} names it in messages. */
  static DockerConfigCredentials parse(byte[] json, String file, CredentialHelpers helpers)
      throws InvalidInputException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    Map<String, RegistryCredentials> credentials = new HashMap<>();
    JsonNode auths = GoJson.field(root, "auths");
    if (auths != null && auths.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> entries = auths.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        parseEntry(file, entry.getKey(), entry.getValue())
            .ifPresent(c -> credentials.put(normaliseKey(entry.getKey()), c));
      }
    }
    String store = GoJson.text(root, "credsStore");
    Map<String, String> perRegistry = new HashMap<>();
    JsonNode helperNames = GoJson.field(root, "credHelpers");
    if (helperNames != null && helperNames.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> entries = helperNames.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        if (entry.getValue().isTextual()) {
          perRegistry.put(entry.getKey(), entry.getValue().asText());
        }
      }
    }
    return new DockerConfigCredentials(
        credentials, store == null ? "" : store, perRegistry, helpers);
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
  public Optional<RegistryCredentials> credentialsFor(String registry) throws GitOpsException {
    String key = configKey(registry);
    String helper = credHelpers.get(key);
    if (helper == null || helper.isEmpty()) {
      helper = credsStore;
    }
    if (helper.isEmpty()) {
      return Optional.ofNullable(byRegistry.get(normaliseKey(registry)));
    }
    Optional<RegistryCredentials> known = fromHelpers.get(key);
    if (known == null) {
      known = helpers.get(helper, key);
      fromHelpers.put(key, known);
    }
    return known;
  }

  /** Docker's config key: the old index URL for Docker Hub, otherwise the registry as written. */
  static String configKey(String registry) {
    return registry.equals(ImageReference.DOCKER_HUB) || registry.equals("index.docker.io")
        ? DOCKER_HUB_KEY
        : registry;
  }

  private static Optional<RegistryCredentials> parseEntry(String file, String key, JsonNode entry)
      throws InvalidInputException {
    if (entry == null || !entry.isObject()) {
      return Optional.empty();
    }
    String identityToken = GoJson.text(entry, "identitytoken");
    if (identityToken != null && !identityToken.isEmpty()) {
      // Docker's token handler prefers the refresh token over user and password when both exist.
      return Optional.of(RegistryCredentials.identityToken(Secret.of(identityToken)));
    }
    String auth = GoJson.text(entry, "auth");
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
    String username = GoJson.text(entry, "username");
    String password = GoJson.text(entry, "password");
    if (username != null && password != null) {
      return Optional.of(new RegistryCredentials(username, Secret.of(password)));
    }
    return Optional.empty();
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
