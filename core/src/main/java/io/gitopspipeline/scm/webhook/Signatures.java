package io.gitopspipeline.scm.webhook;

import io.gitopspipeline.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The checks the providers' schemes share, every comparison in constant time. */
final class Signatures {
  private static final String HMAC_SHA256 = "HmacSHA256";

  private Signatures() {}

  /** HMAC-SHA256 of {@code body} keyed by the secret, lower-case hex. */
  static String hmacSha256Hex(Secret secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + HMAC_SHA256, e);
    }
  }

  /**
   * Checks {@code presented} (hex, optionally after {@code prefix}) against the body's HMAC.
   *
   * @param header the header's name, for the reason
   */
  static Optional<String> checkHmacHex(
      String header, String prefix, String presented, Secret secret, byte[] body) {
    Optional<String> malformed = checkHexShape(header, prefix, presented);
    if (malformed.isPresent()) {
      return malformed;
    }
    byte[] given = HexFormat.of().parseHex(presented.trim().substring(prefix.length()));
    byte[] expected = HexFormat.of().parseHex(hmacSha256Hex(secret, body));
    return MessageDigest.isEqual(given, expected)
        ? Optional.empty()
        : Optional.of(header + " does not match the body");
  }

  /** Missing, or not {@code prefix} + 64 hex digits. */
  static Optional<String> checkHexShape(String header, String prefix, String presented) {
    if (presented == null) {
      return Optional.of("missing " + header + " header (set the webhook's secret)");
    }
    String value = presented.trim();
    if (!value.regionMatches(true, 0, prefix, 0, prefix.length())
        || !value.substring(prefix.length()).matches("[0-9a-fA-F]{64}")) {
      return Optional.of(
          header
              + " must be "
              + (prefix.isEmpty() ? "" : prefix)
              + "<64 hex digits> (HMAC-SHA256)");
    }
    return Optional.empty();
  }

  /** A token compared with the secret in constant time. */
  static Optional<String> checkToken(String header, String presented, Secret secret) {
    if (presented == null) {
      return Optional.of("missing " + header + " header (set the webhook's secret token)");
    }
    return sameSecret(presented.trim(), secret)
        ? Optional.empty()
        : Optional.of(header + " does not match");
  }

  static boolean sameSecret(String presented, Secret secret) {
    return MessageDigest.isEqual(
        presented.getBytes(StandardCharsets.UTF_8),
        secret.reveal().getBytes(StandardCharsets.UTF_8));
  }

  /** The password of an {@code Authorization: Basic} header, or null when it is not one. */
  static String basicPassword(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
