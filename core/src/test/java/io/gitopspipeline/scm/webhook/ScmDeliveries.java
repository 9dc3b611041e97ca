package io.gitopspipeline.scm.webhook;

import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixtures of {@code /scm/webhook/} with the headers each provider sends them with, signed the
 * provider's way; shared by the core, CLI and benchmark tests.
 */
public final class ScmDeliveries {
  /** What a delivery says. */
  public enum What {
    MERGED,
    CLOSED
  }

  /** One request as the provider would send it. */
  public record Delivery(Map<String, String> headers, byte[] body) {}

  private ScmDeliveries() {}

  /** The fixture's file name for a provider and outcome. */
  public static String fixture(ProviderType provider, What what) {
    String merged =
        switch (provider) {
          case BITBUCKET_CLOUD -> "bitbucket-cloud-fulfilled";
          case AZURE -> "azure-merged";
          default -> provider.cliName() + "-merged";
        };
    String closed =
        switch (provider) {
          case BITBUCKET -> "bitbucket-declined";
          case BITBUCKET_CLOUD -> "bitbucket-cloud-rejected";
          case AZURE -> "azure-abandoned";
          default -> provider.cliName() + "-closed";
        };
    return (what == What.MERGED ? merged : closed) + ".json";
  }

  public static byte[] read(String fixture) {
    try (InputStream in = ScmDeliveries.class.getResourceAsStream("/scm/webhook/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + fixture);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture for {@code what}, with its event and authentication headers. */
  public static Delivery delivery(ProviderType provider, What what, Secret secret) {
    return signed(provider, eventHeader(provider, what), read(fixture(provider, what)), secret);
  }

  /** The event-type header the provider sends for {@code what}. */
  static Map<String, String> eventHeader(ProviderType provider, What what) {
    boolean merged = what == What.MERGED;
    return switch (provider) {
      case GITHUB -> Map.of("X-GitHub-Event", "pull_request");
      case GITLAB -> Map.of("X-Gitlab-Event", "Merge Request Hook");
      case GITEA -> Map.of("X-Gitea-Event", "pull_request", "X-Forgejo-Event", "pull_request");
      case BITBUCKET -> Map.of("X-Event-Key", merged ? "pr:merged" : "pr:declined");
      case BITBUCKET_CLOUD ->
          Map.of("X-Event-Key", merged ? "pullrequest:fulfilled" : "pullrequest:rejected");
      case AZURE -> Map.of();
    };
  }

  /**
   * {@code body} with {@code eventHeaders}, authenticated with {@code secret} the provider's way.
   */
  public static Delivery signed(
      ProviderType provider, Map<String, String> eventHeaders, byte[] body, Secret secret) {
    Map<String, String> headers = new LinkedHashMap<>(eventHeaders);
    headers.put("Content-Type", "application/json");
    String hex = Signatures.hmacSha256Hex(secret, body);
    switch (provider) {
      case GITHUB -> headers.put("X-Hub-Signature-256", "sha256=" + hex);
      case GITLAB -> headers.put("X-Gitlab-Token", secret.reveal());
      case GITEA -> {
        headers.put("X-Gitea-Signature", hex);
        headers.put("X-Forgejo-Signature", hex);
      }
      case BITBUCKET, BITBUCKET_CLOUD -> headers.put("X-Hub-Signature", "sha256=" + hex);
      case AZURE ->
          headers.put(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(
                          ("azure:" + secret.reveal()).getBytes(StandardCharsets.UTF_8)));
    }
    return new Delivery(headers, body);
  }

  /** The repository each provider's fixtures are about, as {@code --repo} names it. */
  public static String repository(ProviderType provider) {
    return switch (provider) {
      case GITHUB -> "Codertocat/Hello-World";
      case GITLAB -> "gitlabhq/gitlab-test";
      case GITEA -> "gitea/webhooks";
      case BITBUCKET -> "PROJ/repository";
      case BITBUCKET_CLOUD -> "team_name/repo_name";
      case AZURE -> "fabrikam/Fabrikam/Fabrikam";
    };
  }

  /** The pull request number of each provider's fixtures. */
  public static long number(ProviderType provider) {
    return switch (provider) {
      case GITHUB -> 2;
      case GITLAB, BITBUCKET_CLOUD, AZURE -> 1;
      case GITEA -> 7;
      case BITBUCKET -> 9;
    };
  }

  /** The merge commit of each provider's merged fixture. */
  public static String mergeCommit(ProviderType provider) {
    return switch (provider) {
      case GITHUB -> "c4295bd74fb0f4fbb7a4b3c5c3e2a0d1b2a1f0e9";
      case GITLAB -> "2a7ebfcf70a8e5c3e1d2f8d33f19ec6c5a4e6e5b";
      case GITEA -> "bffeb74224043ba2feb48d137756c8a9331c449a";
      case BITBUCKET -> "7e48f426f0a6e47c5b5e862c31be6ca965f82c9c";
      case BITBUCKET_CLOUD -> "764413d85e29c9e3e6c8d8b3b6f86a8f1e2c2a51";
      case AZURE -> "eef717f69257a6333f221566c1c987dc94cc0d1f";
    };
  }
}
