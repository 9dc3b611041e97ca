package io.gitopspipeline.sync;

import io.gitopspipeline.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides whether a webhook request comes from the configured reconciler.
 *
 * <ul>
 *   <li>HMAC (Flux {@code generic-hmac}): {@code X-Signature: <alg>=<hex>} over the exact body
 *       bytes, {@code alg} one of sha1, sha224, sha256, sha384, sha512 (notification-controller
 *       sends sha256; Flux's documented verifier accepts sha224 to sha512; sha1 is accepted too).
 *   <li>Token (Argo CD, Flux {@code generic} with a {@code headers} secret): {@code Authorization:
 *       Bearer <token>} or {@code X-Gitops-Token: <token>}.
 * </ul>
 *
 * Comparisons are constant-time. With both configured, a request passes with either.
 */
public final class WebhookAuthenticator {
  /** The header Flux's generic-hmac provider signs with. */
  public static final String SIGNATURE_HEADER = "X-Signature";

  /** A header carrying the token as it is, for senders that cannot set Authorization. */
  public static final String TOKEN_HEADER = "X-Gitops-Token";

  private static final Map<String, String> MAC_ALGORITHMS =
      Map.of(
          "sha1", "HmacSHA1",
          "sha224", "HmacSHA224",
          "sha256", "HmacSHA256",
          "sha384", "HmacSHA384",
          "sha512", "HmacSHA512");

  private final byte[] hmacKey;
  private final byte[] token;

  /** Initialised MACs per thread: Mac.getInstance's provider lookup costs more than the MAC. */
  private final ThreadLocal<Map<String, Mac>> macs =
      ThreadLocal.withInitial(java.util.HashMap::new);

  private WebhookAuthenticator(Secret hmacKey, Secret token) {
    this.hmacKey = bytesOrNull(hmacKey);
    this.token = bytesOrNull(token);
  }

  /** Accepts every request: only for a receiver bound to loopback, e.g. a local try-out. */
  public static WebhookAuthenticator none() {
    return new WebhookAuthenticator(null, null);
  }

  /** Requires a valid {@code X-Signature}, keyed by the Flux Provider secret's {@code token}. */
  public static WebhookAuthenticator hmac(Secret key) {
    return new WebhookAuthenticator(requireNonEmpty(key, "HMAC key"), null);
  }

  /** Requires the token as a bearer token or in {@code X-Gitops-Token}. */
  public static WebhookAuthenticator token(Secret token) {
    return new WebhookAuthenticator(null, requireNonEmpty(token, "token"));
  }

  /** Accepts a valid signature or a valid token; either may be null (not both). */
  public static WebhookAuthenticator hmacOrToken(Secret key, Secret token) {
    if (key == null && token == null) {
      throw new IllegalArgumentException("give an HMAC key, a token or both");
    }
    return new WebhookAuthenticator(
        key == null ? null : requireNonEmpty(key, "HMAC key"),
        token == null ? null : requireNonEmpty(token, "token"));
  }

  /** True when requests must authenticate. */
  public boolean required() {
    return hmacKey != null || token != null;
  }

  /**
   * Checks a request.
   *
   * @param header the request's header lookup, case-insensitive
   * @return empty when the request is authentic, else why not (safe to send back: it never contains
   *     the secret or the expected signature)
   */
  public Optional<String> reject(java.util.function.Function<String, String> header, byte[] body) {
    Optional<String> early = rejectHeaders(header);
    if (early.isPresent() || !needsBody(header)) {
      return early;
    }
    return checkSignature(header.apply(SIGNATURE_HEADER), body);
  }

  /**
   * What the headers alone decide, so a host can refuse before reading the body: missing
   * credentials, a wrong token, a signature header that is not {@code <alg>=<hex>} with a supported
   * algorithm. Empty means authentic (a token) or that the signature still has to be checked over
   * the body ({@link #reject}).
   */
  public Optional<String> rejectHeaders(java.util.function.Function<String, String> header) {
    if (!required()) {
      return Optional.empty();
    }
    String signature = header.apply(SIGNATURE_HEADER);
    if (signature != null && hmacKey != null) {
      return parseSignature(signature).rejection();
    }
    String presented = presentedToken(header);
    if (presented != null && token != null) {
      return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)
          ? Optional.empty()
          : Optional.of("token does not match");
    }
    if (hmacKey != null && token == null) {
      return Optional.of("missing " + SIGNATURE_HEADER + " header (use a generic-hmac provider)");
    }
    return Optional.of(
        "missing credentials (Authorization: Bearer <token> or "
            + TOKEN_HEADER
            + (hmacKey != null ? ", or " + SIGNATURE_HEADER : "")
            + ")");
  }

  /** True when the request is decided by a signature over its body. */
  private boolean needsBody(java.util.function.Function<String, String> header) {
    return hmacKey != null && header.apply(SIGNATURE_HEADER) != null;
  }

  /** A parsed {@code X-Signature}: the MAC algorithm and the presented bytes, or why not. */
  private record ParsedSignature(String macAlgorithm, byte[] presented, String error) {
    Optional<String> rejection() {
      return Optional.ofNullable(error);
    }
  }

  private static ParsedSignature parseSignature(String header) {
    String[] parts = header.trim().split("=", -1);
    if (parts.length != 2) {
      return new ParsedSignature(null, null, SIGNATURE_HEADER + " must be <algorithm>=<hex>");
    }
    String macAlgorithm = MAC_ALGORITHMS.get(parts[0].toLowerCase(Locale.ROOT));
    if (macAlgorithm == null) {
      return new ParsedSignature(
          null,
          null,
          SIGNATURE_HEADER + " algorithm is not one of sha1, sha224, sha256, sha384, sha512");
    }
    try {
      return new ParsedSignature(macAlgorithm, HexFormat.of().parseHex(parts[1]), null);
    } catch (IllegalArgumentException e) {
      return new ParsedSignature(null, null, SIGNATURE_HEADER + " value is not hexadecimal");
    }
  }

  private Optional<String> checkSignature(String header, byte[] body) {
    ParsedSignature signature = parseSignature(header);
    if (signature.error() != null) {
      return signature.rejection();
    }
    Mac mac =
        macs.get()
            .computeIfAbsent(
                signature.macAlgorithm(),
                algorithm -> {
                  try {
                    Mac m = Mac.getInstance(algorithm);
                    m.init(new SecretKeySpec(hmacKey, algorithm));
                    return m;
                  } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                    throw new IllegalStateException("the JDK lacks " + algorithm, e);
                  }
                });
    byte[] expected = mac.doFinal(body);
    return MessageDigest.isEqual(signature.presented(), expected)
        ? Optional.empty()
        : Optional.of(SIGNATURE_HEADER + " does not match the body");
  }

  /** {@code <alg>=<hex>} as Flux sends it; for tests and tools that post signed events. */
  public static String sign(String algorithm, Secret key, byte[] body) {
    String macAlgorithm = MAC_ALGORITHMS.get(algorithm);
    if (macAlgorithm == null) {
      throw new IllegalArgumentException("unsupported algorithm " + algorithm);
    }
    return algorithm
        + "="
        + HexFormat.of()
            .formatHex(mac(macAlgorithm, key.reveal().getBytes(StandardCharsets.UTF_8), body));
  }

  private static byte[] mac(String algorithm, byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  private static String presentedToken(java.util.function.Function<String, String> header) {
    String authorization = header.apply("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    String plain = header.apply(TOKEN_HEADER);
    return plain == null ? null : plain.trim();
  }

  private static Secret requireNonEmpty(Secret secret, String what) {
    if (secret == null || secret.reveal().isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    return secret;
  }

  private static byte[] bytesOrNull(Secret secret) {
    return secret == null ? null : secret.reveal().getBytes(StandardCharsets.UTF_8);
  }
}
