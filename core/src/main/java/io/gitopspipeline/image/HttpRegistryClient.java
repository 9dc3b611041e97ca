package io.gitopspipeline.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.net.BodyTooLargeException;
import io.gitopspipeline.net.BoundedHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * {@link RegistryClient} over the OCI Distribution HTTP API with {@code java.net.http}: no Docker
 * daemon, no pulling of layers.
 *
 * <p>Authentication follows the registry's {@code WWW-Authenticate} challenge: {@code Basic} with
 * the configured credentials, or {@code Bearer} by fetching a token from the challenge's realm
 * (with the credentials as basic auth, or anonymously) for the challenge's service and scope, as
 * Docker Hub, GHCR, ACR, ECR and Harbor require. An {@link RegistryCredentials#isIdentityToken()
 * identity token} is instead exchanged with the distribution token spec's OAuth2 form POST ({@code
 * grant_type=refresh_token}), as Docker's registry client does; a refresh token the service sends
 * back replaces it for later exchanges, and it is never sent as a basic password. Tokens are kept
 * per registry and scope for this client's lifetime (and their {@code expires_in}). Requests
 * answered 429 or 5xx, and dropped connections, are retried with exponential backoff that honours
 * {@code Retry-After}. Messages and progress never contain credentials or tokens.
 */
public final class HttpRegistryClient implements RegistryClient {
  private static final String TOPIC = "image";
  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
  private static final int MAX_TOKEN_BYTES = 1024 * 1024;
  private static final int MAX_TAG_PAGE_BYTES = 16 * 1024 * 1024;
  private static final int MAX_ERROR_BYTES = 64 * 1024;
  private static final int MAX_TAG_PAGES = 10_000;
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Identifies this tool to OAuth2 token services, which need some client_id (Docker: docker). */
  static final String OAUTH_CLIENT_ID = "gitops-pipeline";

  /** Waits between attempts; a seam so tests can observe backoff without sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final RegistryClientOptions options;
  private final ProgressListener progress;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Boolean> basicRegistries = new ConcurrentHashMap<>();
  private final Map<String, Secret> refreshTokens = new ConcurrentHashMap<>();

  public HttpRegistryClient(RegistryClientOptions options, ProgressListener progress) {
    this(options, progress, defaultHttpClient(), duration -> Thread.sleep(duration.toMillis()));
  }

  HttpRegistryClient(
      RegistryClientOptions options, ProgressListener progress, HttpClient http, Sleeper sleeper) {
    this.options = options;
    this.progress = progress;
    this.http = http;
    this.sleeper = sleeper;
  }

  private static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  @Override
  public ManifestDescriptor resolve(ImageReference reference) throws GitOpsException {
    Optional<ManifestDescriptor> found = find(reference);
    if (found.isEmpty()) {
      throw new GitOpsException(notFound(reference));
    }
    return found.get();
  }

  @Override
  public Optional<ManifestDescriptor> find(ImageReference reference) throws GitOpsException {
    Response head = send(manifestCall("HEAD", reference));
    if (head.status() == 404) {
      return Optional.empty();
    }
    String digest = head.header("Docker-Content-Digest");
    String mediaType = mediaType(head.header("Content-Type"));
    if (head.status() == 200 && digest != null && mediaType != null && isDigest(digest)) {
      if (reference.digest() != null && !reference.digest().equals(digest)) {
        throw new GitOpsException(
            "registry "
                + reference.registry()
                + " answered digest "
                + digest
                + " for "
                + reference
                + "; refusing a registry that does not return what was asked for");
      }
      long size =
          head.header("Content-Length") == null ? -1 : parseLong(head.header("Content-Length"));
      return Optional.of(new ManifestDescriptor(digest, mediaType, size));
    }
    if (head.status() != 200) {
      throw failure(head, reference, "look up");
    }
    // The registry did not say the digest on HEAD: fetch the manifest and hash it.
    Optional<Manifest> manifest = fetch(reference);
    return manifest.map(Manifest::descriptor);
  }

  @Override
  public Manifest fetchManifest(ImageReference reference) throws GitOpsException {
    return fetch(reference).orElseThrow(() -> new GitOpsException(notFound(reference)));
  }

  private Optional<Manifest> fetch(ImageReference reference) throws GitOpsException {
    Response response = send(manifestCall("GET", reference));
    if (response.status() == 404) {
      return Optional.empty();
    }
    if (response.status() != 200) {
      throw failure(response, reference, "fetch the manifest of");
    }
    byte[] content = response.body();
    String mediaType = mediaType(response.header("Content-Type"));
    if (mediaType == null || !MediaTypes.MANIFESTS.contains(mediaType)) {
      String declared = declaredMediaType(content);
      if (declared != null) {
        mediaType = declared;
      }
    }
    if (mediaType == null) {
      throw new GitOpsException(
          "registry "
              + reference.registry()
              + " sent the manifest of "
              + reference
              + " without a media type; cannot retag it faithfully");
    }
    String expected = reference.digest();
    String computed = digestOf(content, expected == null ? "sha256" : algorithm(expected));
    if (expected != null && !expected.equals(computed)) {
      throw new GitOpsException(
          "the manifest registry "
              + reference.registry()
              + " sent for "
              + reference
              + " hashes to "
              + computed
              + "; refusing content that does not match its digest");
    }
    String header = response.header("Docker-Content-Digest");
    if (header != null
        && header.startsWith("sha256:")
        && computed.startsWith("sha256:")
        && !header.equals(computed)) {
      throw new GitOpsException(
          "registry "
              + reference.registry()
              + " says the manifest of "
              + reference
              + " is "
              + header
              + " but its bytes hash to "
              + computed
              + "; refusing inconsistent content");
    }
    return Optional.of(new Manifest(content, mediaType, computed));
  }

  @Override
  public ManifestDescriptor putManifest(ImageReference target, Manifest manifest)
      throws GitOpsException {
    Call call =
        new Call(
            "PUT",
            target,
            "/v2/" + target.repository() + "/manifests/" + target.manifestReference(),
            Map.of("Content-Type", manifest.mediaType()),
            manifest.content(),
            true,
            MAX_ERROR_BYTES);
    Response response = send(call);
    if (response.status() != 201 && response.status() != 200) {
      throw failure(response, target, "push the manifest to");
    }
    String digest = response.header("Docker-Content-Digest");
    if (digest != null && !digest.equals(manifest.digest())) {
      throw new GitOpsException(
          "registry "
              + target.registry()
              + " stored "
              + target
              + " as "
              + digest
              + " instead of "
              + manifest.digest()
              + "; it rewrote the manifest");
    }
    return manifest.descriptor();
  }

  @Override
  public List<String> listTags(ImageReference repository) throws GitOpsException {
    return listTags(repository, 0);
  }

  /** Lists tags asking for pages of {@code pageSize} (0: the registry's default). */
  List<String> listTags(ImageReference repository, int pageSize) throws GitOpsException {
    List<String> tags = new ArrayList<>();
    String path =
        "/v2/" + repository.repository() + "/tags/list" + (pageSize > 0 ? "?n=" + pageSize : "");
    for (int page = 0; path != null; page++) {
      if (page >= MAX_TAG_PAGES) {
        throw new GitOpsException(
            "registry " + repository.registry() + " keeps paginating the tags; stopped");
      }
      Response response =
          send(new Call("GET", repository, path, Map.of(), null, false, MAX_TAG_PAGE_BYTES));
      if (response.status() == 404) {
        throw new GitOpsException(
            "repository "
                + repository.repository()
                + " not found on registry "
                + repository.registry()
                + errorDetail(response));
      }
      if (response.status() != 200) {
        throw failure(response, repository, "list the tags of");
      }
      JsonNode list = readJson(response.body(), repository, "tag list");
      JsonNode array = list.get("tags");
      if (array != null && array.isArray()) {
        for (JsonNode tag : array) {
          tags.add(tag.asText());
        }
      }
      path = nextPage(response.header("Link"), repository);
    }
    return tags;
  }

  @Override
  public String pushBlob(ImageReference repository, byte[] content) throws GitOpsException {
    String digest = digestOf(content, "sha256");
    String blobPath = "/v2/" + repository.repository() + "/blobs/" + digest;
    Response head =
        send(new Call("HEAD", repository, blobPath, Map.of(), null, true, MAX_ERROR_BYTES));
    if (head.status() == 200) {
      return digest;
    }
    Response start =
        send(
            new Call(
                "POST",
                repository,
                "/v2/" + repository.repository() + "/blobs/uploads/",
                Map.of(),
                new byte[0],
                true,
                MAX_ERROR_BYTES));
    String location = start.header("Location");
    if (start.status() != 202 || location == null) {
      throw failure(start, repository, "start a blob upload to");
    }
    URI upload = baseUri(repository.registry()).resolve(location);
    checkSameOrigin(upload, repository);
    String query = upload.getRawQuery();
    String target =
        upload.getRawPath()
            + "?"
            + (query == null || query.isEmpty() ? "" : query + "&")
            + "digest="
            + URLEncoder.encode(digest, StandardCharsets.UTF_8);
    Response put =
        send(
            new Call(
                "PUT",
                repository,
                target,
                Map.of("Content-Type", "application/octet-stream"),
                content,
                true,
                MAX_ERROR_BYTES));
    if (put.status() != 201) {
      throw failure(put, repository, "upload a blob to");
    }
    return digest;
  }

  @Override
  public byte[] fetchBlob(ImageReference repository, String digest, int maxBytes)
      throws GitOpsException {
    if (!isDigest(digest)) {
      throw new InvalidInputException(
          "'" + ImageReference.quoted(digest) + "' is not a digest (sha256:<64 hex digits>)");
    }
    String path = "/v2/" + repository.repository() + "/blobs/" + digest;
    Response response = send(new Call("GET", repository, path, Map.of(), null, false, maxBytes));
    if (response.status() != 200) {
      throw failure(response, repository, "download blob " + digest + " of");
    }
    String computed = digestOf(response.body(), algorithm(digest));
    if (!computed.equals(digest)) {
      throw new GitOpsException(
          "blob "
              + digest
              + " that registry "
              + repository.registry()
              + " sent hashes to "
              + computed
              + "; refusing content that does not match its digest");
    }
    return response.body();
  }

  // ---- requests, authentication and retries ----

  /** One registry request; {@code push} decides the token scope. */
  private record Call(
      String method,
      ImageReference reference,
      String pathAndQuery,
      Map<String, String> headers,
      byte[] body,
      boolean push,
      int maxBody) {}

  private record Response(int status, Map<String, List<String>> headers, byte[] body, String auth) {
    String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }
  }

  private record Token(String value, Instant expires) {}

  private Call manifestCall(String method, ImageReference reference) {
    return new Call(
        method,
        reference,
        "/v2/" + reference.repository() + "/manifests/" + reference.manifestReference(),
        Map.of("Accept", String.join(", ", MediaTypes.MANIFESTS)),
        null,
        false,
        MAX_MANIFEST_BYTES);
  }

  private Response send(Call call) throws GitOpsException {
    String registry = call.reference().registry();
    if (registry.isEmpty()) {
      throw new InvalidInputException(
          "image reference '"
              + call.reference()
              + "' names no registry; write it as registry/name, e.g. docker.io/"
              + call.reference().repository());
    }
    URI uri = baseUri(registry).resolve(call.pathAndQuery());
    String scope = scope(call);
    Optional<RegistryCredentials> credentials = options.credentials().credentialsFor(registry);
    String authorization = cachedAuthorization(registry, scope, credentials);
    boolean challenged = false;
    int attempt = 1;
    while (true) {
      String authMethod = describeAuth(credentials, authorization);
      Response response;
      try {
        response = execute(call, uri, authorization, authMethod);
      } catch (IOException e) {
        if (attempt >= options.maxAttempts()) {
          throw new GitOpsException(
              (e instanceof HttpTimeoutException ? "timed out talking to" : "connection failed to")
                  + " registry "
                  + registry
                  + " ("
                  + call.method()
                  + " "
                  + uri.getRawPath()
                  + ") after "
                  + attempt
                  + " attempts"
                  + (e instanceof HttpTimeoutException
                      ? " of " + options.requestTimeout().toSeconds() + "s each (headers and body)"
                      : ""));
        }
        Duration wait = backoff(attempt, null);
        progress.debug(
            TOPIC,
            "connection to registry "
                + registry
                + " failed ("
                + e.getClass().getSimpleName()
                + "); retrying in "
                + wait.toMillis()
                + " ms");
        pause(wait);
        attempt++;
        continue;
      }
      if (response.status() == 401 && !challenged) {
        challenged = true;
        Optional<AuthChallenge> challenge =
            AuthChallenge.parse(response.header("WWW-Authenticate"));
        if (challenge.isPresent()) {
          String renewed = authenticate(call, challenge.get(), scope, credentials);
          if (renewed != null) {
            authorization = renewed;
            continue;
          }
        }
      }
      if (isRetryable(response.status()) && attempt < options.maxAttempts()) {
        Duration wait = backoff(attempt, response.header("Retry-After"));
        progress.debug(
            TOPIC,
            "registry "
                + registry
                + " answered "
                + response.status()
                + "; retrying in "
                + wait.toMillis()
                + " ms");
        pause(wait);
        attempt++;
        continue;
      }
      return response;
    }
  }

  /** One request; connection refusals and TLS failures are final, other I/O errors retryable. */
  private Response execute(Call call, URI uri, String authorization, String authMethod)
      throws GitOpsException, IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(options.requestTimeout());
    call.headers().forEach(request::header);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(
        call.method(),
        call.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    try {
      HttpResponse<byte[]> response =
          BoundedHttp.send(http, request.build(), options.requestTimeout(), call.maxBody());
      progress.debug(TOPIC, call.method() + " " + uri + " -> " + response.statusCode());
      return new Response(
          response.statusCode(), response.headers().map(), response.body(), authMethod);
    } catch (BodyTooLargeException e) {
      throw oversized(call.reference(), e.maxBytes(), uri);
    } catch (ConnectException e) {
      throw new GitOpsException(
          "cannot connect to registry "
              + call.reference().registry()
              + " at "
              + uri.getScheme()
              + "://"
              + uri.getRawAuthority()
              + " (connection refused); check the registry address and that it is running");
    } catch (SSLException e) {
      throw new GitOpsException(
          "TLS connection to registry "
              + call.reference().registry()
              + " failed ("
              + e.getClass().getSimpleName()
              + "); if it serves plain HTTP, allow it as an insecure registry, or trust its"
              + " certificate");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitOpsException(
          "interrupted while talking to registry " + call.reference().registry());
    }
  }

  private String cachedAuthorization(
      String registry, String scope, Optional<RegistryCredentials> credentials) {
    Token token = tokens.get(registry + " " + scope);
    if (token != null && Instant.now().isBefore(token.expires())) {
      return "Bearer " + token.value();
    }
    if (basicRegistries.containsKey(registry)
        && credentials.isPresent()
        && !credentials.get().isIdentityToken()) {
      return basic(credentials.get());
    }
    return null;
  }

  /** The Authorization header answering {@code challenge}, or null when it cannot be answered. */
  private String authenticate(
      Call call, AuthChallenge challenge, String scope, Optional<RegistryCredentials> credentials)
      throws GitOpsException {
    String registry = call.reference().registry();
    if (challenge.scheme().equals("basic")) {
      // An identity token is no password: Docker's basic handler has nothing to send either.
      if (credentials.isEmpty() || credentials.get().isIdentityToken()) {
        return null;
      }
      basicRegistries.put(registry, true);
      return basic(credentials.get());
    }
    if (!challenge.scheme().equals("bearer")) {
      return null;
    }
    String realm = challenge.param("realm");
    if (realm == null || realm.isBlank()) {
      throw new GitOpsException(
          "registry " + registry + " asked for a bearer token but named no token realm");
    }
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new GitOpsException(
          "registry "
              + registry
              + " named an invalid token realm '"
              + ImageReference.quoted(realm)
              + "'");
    }
    String scheme =
        realmUri.getScheme() == null ? "" : realmUri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && options.isInsecure(registry))) {
      throw new GitOpsException(
          "registry "
              + registry
              + " sends credentials to the token realm "
              + realmUri.getScheme()
              + "://"
              + realmUri.getRawAuthority()
              + ", which is not HTTPS; refusing (allow the registry as insecure to permit it)");
    }
    String challengeScope = challenge.param("scope");
    String tokenScope =
        challengeScope != null && !challengeScope.isBlank() ? challengeScope : scope;
    StringBuilder query = new StringBuilder();
    String service = challenge.param("service");
    if (service != null) {
      query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
    }
    for (String part : tokenScope.split(" ")) {
      if (!part.isBlank()) {
        query
            .append(query.length() == 0 ? "" : "&")
            .append("scope=")
            .append(URLEncoder.encode(part, StandardCharsets.UTF_8));
      }
    }
    boolean identityToken = credentials.isPresent() && credentials.get().isIdentityToken();
    URI tokenUri;
    HttpRequest.Builder request;
    if (identityToken) {
      // The distribution token spec's OAuth2 flow, as Docker uses it for an identity token: a
      // form POST to the realm exchanging the refresh token for an access token.
      tokenUri = realmUri;
      Secret refresh = refreshTokens.getOrDefault(registry, credentials.get().password());
      String form =
          "grant_type=refresh_token"
              + "&refresh_token="
              + URLEncoder.encode(refresh.reveal(), StandardCharsets.UTF_8)
              + "&service="
              + URLEncoder.encode(service == null ? "" : service, StandardCharsets.UTF_8)
              + "&scope="
              + URLEncoder.encode(tokenScope.trim(), StandardCharsets.UTF_8)
              + "&client_id="
              + OAUTH_CLIENT_ID;
      request =
          HttpRequest.newBuilder(tokenUri)
              .timeout(options.requestTimeout())
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
    } else {
      String existing = realmUri.getRawQuery();
      tokenUri =
          URI.create(
              realm.split("\\?", 2)[0]
                  + "?"
                  + (existing == null || existing.isEmpty() ? "" : existing + "&")
                  + query);
      request = HttpRequest.newBuilder(tokenUri).timeout(options.requestTimeout()).GET();
      credentials.ifPresent(c -> request.header("Authorization", basic(c)));
    }
    String who =
        identityToken
            ? "with an identity token"
            : credentials.map(c -> "as user '" + c.username() + "'").orElse("anonymously");
    HttpResponse<byte[]> response;
    byte[] body;
    try {
      response = sendWithRetries(request.build());
      body = response.body();
    } catch (BodyTooLargeException e) {
      throw oversized(call.reference(), e.maxBytes(), tokenUri);
    } catch (IOException e) {
      throw new GitOpsException(
          "cannot get a token for registry "
              + registry
              + " from "
              + tokenUri.getScheme()
              + "://"
              + tokenUri.getRawAuthority()
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    progress.debug(
        TOPIC, "token request to " + tokenUri.getRawAuthority() + " -> " + response.statusCode());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new GitOpsException(
          "the token service of registry "
              + registry
              + " ("
              + tokenUri.getRawAuthority()
              + ") refused a token for repository "
              + call.reference().repository()
              + " (auth: bearer token requested "
              + who
              + "): "
              + response.statusCode()
              + "; check the credentials and that they may "
              + (call.push() ? "push to" : "pull from")
              + " it");
    }
    if (response.statusCode() != 200) {
      throw new GitOpsException(
          "the token service of registry "
              + registry
              + " answered "
              + response.statusCode()
              + " to a token request for "
              + call.reference().repository());
    }
    JsonNode json = readJson(body, call.reference(), "token response");
    String token = text(json, "token");
    if (token == null || token.isEmpty()) {
      token = text(json, "access_token");
    }
    if (token == null || token.isEmpty()) {
      throw new GitOpsException(
          "the token service of registry " + registry + " answered without a token");
    }
    String rotated = text(json, "refresh_token");
    if (identityToken && rotated != null && !rotated.isEmpty()) {
      refreshTokens.put(registry, Secret.of(rotated));
    }
    long expiresIn = json.path("expires_in").asLong(60);
    tokens.put(
        registry + " " + scope,
        new Token(token, Instant.now().plusSeconds(Math.max(expiresIn, 60) - 10)));
    return "Bearer " + token;
  }

  private HttpResponse<byte[]> sendWithRetries(HttpRequest request)
      throws IOException, GitOpsException {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> response;
      try {
        response = BoundedHttp.send(http, request, options.requestTimeout(), MAX_TOKEN_BYTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GitOpsException("interrupted while requesting a registry token");
      }
      if (!isRetryable(response.statusCode()) || attempt >= options.maxAttempts()) {
        return response;
      }
      pause(backoff(attempt, response.headers().firstValue("Retry-After").orElse(null)));
    }
  }

  private static String describeAuth(
      Optional<RegistryCredentials> credentials, String authorization) {
    String user =
        credentials
            .map(
                c ->
                    c.isIdentityToken()
                        ? " with an identity token"
                        : " as user '" + c.username() + "'")
            .orElse("");
    if (authorization == null) {
      return "anonymous";
    }
    if (authorization.startsWith("Bearer ")) {
      return "bearer token" + (user.isEmpty() ? " (anonymous)" : user);
    }
    return "basic" + user;
  }

  private String scope(Call call) {
    return "repository:" + call.reference().repository() + (call.push() ? ":pull,push" : ":pull");
  }

  private static String basic(RegistryCredentials credentials) {
    String pair = credentials.username() + ":" + credentials.password().reveal();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isRetryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  Duration backoff(int attempt, String retryAfter) {
    Duration wait = options.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
    if (retryAfter != null && !retryAfter.isBlank()) {
      Duration asked = parseRetryAfter(retryAfter.trim());
      if (asked != null) {
        wait = asked;
      }
    }
    return wait.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : wait;
  }

  private static Duration parseRetryAfter(String value) {
    if (value.chars().allMatch(Character::isDigit) && value.length() < 10) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration until = Duration.between(Instant.now(), date.toInstant());
      return until.isNegative() ? Duration.ZERO : until;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void pause(Duration wait) throws GitOpsException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitOpsException("interrupted while waiting to retry a registry request");
    }
  }

  private URI baseUri(String registry) {
    String host = registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
    return URI.create((options.isInsecure(registry) ? "http://" : "https://") + host + "/");
  }

  private void checkSameOrigin(URI uri, ImageReference reference) throws GitOpsException {
    URI base = baseUri(reference.registry());
    if (!base.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
        || !base.getRawAuthority().equalsIgnoreCase(String.valueOf(uri.getRawAuthority()))) {
      throw new GitOpsException(
          "registry "
              + reference.registry()
              + " pointed to another server ("
              + uri.getScheme()
              + "://"
              + uri.getRawAuthority()
              + "); refusing to send credentials there");
    }
  }

  private String nextPage(String link, ImageReference repository) throws GitOpsException {
    if (link == null) {
      return null;
    }
    Matcher m = NEXT_LINK.matcher(link);
    if (!m.find()) {
      return null;
    }
    URI next = baseUri(repository.registry()).resolve(m.group(1));
    checkSameOrigin(next, repository);
    return next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
  }

  // ---- answers ----

  private GitOpsException failure(Response response, ImageReference reference, String action) {
    String where = "repository " + reference.repository() + " on registry " + reference.registry();
    String detail = errorDetail(response);
    return switch (response.status()) {
      case 401 ->
          new GitOpsException(
              "registry "
                  + reference.registry()
                  + " refused to let us "
                  + action
                  + " "
                  + where
                  + " (auth: "
                  + response.auth()
                  + "): 401 Unauthorized"
                  + detail
                  + "; give credentials that the registry accepts");
      case 403 ->
          new GitOpsException(
              "registry "
                  + reference.registry()
                  + " forbade us to "
                  + action
                  + " "
                  + where
                  + " (auth: "
                  + response.auth()
                  + "): 403 Forbidden"
                  + detail
                  + "; the credentials lack permission for this repository");
      case 404 ->
          new GitOpsException("cannot " + action + " " + where + ": not found (404)" + detail);
      default ->
          new GitOpsException(
              "cannot "
                  + action
                  + " "
                  + where
                  + ": the registry answered "
                  + response.status()
                  + detail
                  + (isRetryable(response.status())
                      ? " after " + options.maxAttempts() + " attempts"
                      : ""));
    };
  }

  /** The first error of an OCI error body, e.g. " (MANIFEST_INVALID: manifest invalid)". */
  private static String errorDetail(Response response) {
    try {
      JsonNode errors = JSON.readTree(response.body()).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        JsonNode first = errors.get(0);
        String code = ImageReference.quoted(first.path("code").asText(""));
        String message = ImageReference.quoted(first.path("message").asText(""));
        return " (" + code + (message.isEmpty() ? "" : ": " + message) + ")";
      }
    } catch (IOException | RuntimeException e) {
      // not an OCI error body; the status says enough
    }
    return "";
  }

  private static String notFound(ImageReference reference) {
    return "image "
        + reference
        + " not found: repository "
        + reference.repository()
        + " on registry "
        + reference.registry()
        + " has no manifest '"
        + reference.manifestReference()
        + "'";
  }

  private static JsonNode readJson(byte[] body, ImageReference reference, String what)
      throws GitOpsException {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IOException("not an object");
      }
      return node;
    } catch (IOException e) {
      throw new GitOpsException(
          "registry " + reference.registry() + " sent a " + what + " that is not a JSON object");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String declaredMediaType(byte[] content) {
    try {
      JsonNode node = JSON.readTree(content);
      return node != null ? text(node, "mediaType") : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim();
    return type.isEmpty() ? null : type;
  }

  private static GitOpsException oversized(ImageReference reference, long max, URI uri) {
    return new GitOpsException(
        "registry "
            + reference.registry()
            + " sent more than "
            + max
            + " bytes for "
            + uri.getRawPath()
            + "; refusing an oversized answer");
  }

  private static boolean isDigest(String digest) {
    return ImageReference.digestProblem(digest) == null;
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String algorithm(String digest) {
    return digest.substring(0, digest.indexOf(':'));
  }

  /** {@code algorithm:hex} of {@code content}; algorithm is sha256 or sha512. */
  static String digestOf(byte[] content, String algorithm) {
    try {
      String javaName = algorithm.equals("sha512") ? "SHA-512" : "SHA-256";
      byte[] hash = MessageDigest.getInstance(javaName).digest(content);
      return (algorithm.equals("sha512") ? "sha512:" : "sha256:") + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 and SHA-512 are part of every Java runtime", e);
    }
  }
}
