package io.gitopspipeline.scm.github;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.scm.AppCredentials;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * Authenticates as a GitHub App: a short-lived JWT signed with the app's private key (RS256), which
 * github-api exchanges for an installation token and refreshes before it expires.
 */
final class GitHubAppAuth implements AuthorizationProvider {
  private static final long MAX_PEM_CHARS = 64 * 1024;

  private final String appId;
  private final PrivateKey key;
  private final Clock clock;
  private String jwt;
  private Instant jwtExpires = Instant.MIN;

  GitHubAppAuth(AppCredentials credentials, Clock clock) throws InvalidInputException {
    this.appId = credentials.appId().trim();
    if (!appId.matches("[A-Za-z0-9.]{1,64}")) {
      throw new InvalidInputException(
          "GitHub App id '"
              + appId
              + "' is not an app id or client id; see the app's settings page");
    }
    this.key = parsePrivateKey(credentials.privateKeyPem().reveal());
    this.clock = clock;
  }

  @Override
  public synchronized String getEncodedAuthorization() {
    Instant now = clock.instant();
    if (jwt == null || now.isAfter(jwtExpires.minusSeconds(60))) {
      // GitHub allows at most 10 minutes; iat is backdated for clock drift, as GitHub advises
      Instant issued = now.minusSeconds(60);
      jwtExpires = now.plusSeconds(540);
      jwt = sign(issued, jwtExpires);
    }
    return "Bearer " + jwt;
  }

  String sign(Instant issued, Instant expires) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String header =
        url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        url.encodeToString(
            ("{\"iat\":"
                    + issued.getEpochSecond()
                    + ",\"exp\":"
                    + expires.getEpochSecond()
                    + ",\"iss\":\""
                    + appId
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + url.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RS256 signing is not available", e);
    }
  }

  /**
   * Reads an RSA private key from PEM: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what GitHub
   * downloads) or PKCS#8 ({@code BEGIN PRIVATE KEY}).
   */
  static PrivateKey parsePrivateKey(String pem) throws InvalidInputException {
    if (pem == null || pem.length() > MAX_PEM_CHARS) {
      throw new InvalidInputException("the GitHub App private key is missing or too large");
    }
    boolean pkcs1 = pem.contains("-----BEGIN RSA PRIVATE KEY-----");
    String begin = pkcs1 ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----";
    String end = pkcs1 ? "-----END RSA PRIVATE KEY-----" : "-----END PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new InvalidInputException(
          "the GitHub App private key is not a PEM RSA key (expected '-----BEGIN RSA PRIVATE KEY-----'"
              + " as GitHub issues it, or '-----BEGIN PRIVATE KEY-----')");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("the GitHub App private key's PEM body is not valid base64");
    }
    try {
      byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidInputException("the GitHub App private key cannot be read as an RSA key");
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 PrivateKeyInfo the JDK reads. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] rsaAlgorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00}); // version 0
    body.writeBytes(rsaAlgorithm);
    body.write(0x04); // OCTET STRING holding the PKCS#1 key
    body.writeBytes(derLength(pkcs1.length));
    body.writeBytes(pkcs1);
    byte[] content = body.toByteArray();
    ByteArrayOutputStream sequence = new ByteArrayOutputStream();
    sequence.write(0x30);
    sequence.writeBytes(derLength(content.length));
    sequence.writeBytes(content);
    return sequence.toByteArray();
  }

  private static byte[] derLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    if (length < 0x100) {
      return new byte[] {(byte) 0x81, (byte) length};
    }
    if (length < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    }
    return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
  }
}
