package io.gitopspipeline.cli.sync;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.SecretFiles;
import io.gitopspipeline.sync.WebhookAuthenticator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the webhook receiver of {@code sync wait} and {@code sync serve} listens and authenticates.
 */
public final class ListenOptions {
  /** {@code --hmac-secret-file} or {@code --token-file}, not both. */
  static final class Auth {
    @Option(
        names = "--hmac-secret-file",
        paramLabel = "F",
        description =
            "File holding the HMAC key of the Flux generic-hmac Provider (its secret's 'token');"
                + " requests must carry a valid X-Signature.")
    Path hmacSecretFile;

    @Option(
        names = "--token-file",
        paramLabel = "F",
        description =
            "File holding a token requests must carry as 'Authorization: Bearer <token>' or"
                + " 'X-Gitops-Token' (Argo CD, Flux generic with headers).")
    Path tokenFile;
  }

  /** A parsed {@code HOST:PORT}. */
  public record Address(String host, int port) {}

  /** Parses {@code --listen}: {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code :PORT} or a port. */
  public static Address parseListen(String listen) throws InvalidInputException {
    String text = listen.trim();
    String host = "127.0.0.1";
    String port = text;
    int colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        host = "127.0.0.1";
      }
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 0 || number > 65535) {
      throw new InvalidInputException(
          "--listen '" + listen + "' is not HOST:PORT (e.g. 127.0.0.1:8080, or port 0 for any)");
    }
    return new Address(host, number);
  }

  static WebhookAuthenticator authenticator(Auth auth, Address address)
      throws InvalidInputException {
    if (auth != null && auth.hmacSecretFile != null) {
      return WebhookAuthenticator.hmac(
          SecretFiles.readToken(auth.hmacSecretFile, "--hmac-secret-file"));
    }
    if (auth != null && auth.tokenFile != null) {
      return WebhookAuthenticator.token(SecretFiles.readToken(auth.tokenFile, "--token-file"));
    }
    if (!isLoopback(address.host())) {
      throw new InvalidInputException(
          "--listen "
              + address.host()
              + " is reachable from other machines; give --hmac-secret-file or --token-file so"
              + " only the reconciler can post events");
    }
    return WebhookAuthenticator.none();
  }

  /** True when {@code host} names a loopback address (only this machine can connect). */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private ListenOptions() {}
}
