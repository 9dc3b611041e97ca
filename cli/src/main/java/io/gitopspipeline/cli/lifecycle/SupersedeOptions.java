package io.gitopspipeline.cli.lifecycle;

import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.SecretFiles;
import io.gitopspipeline.lifecycle.SupersedeCheck;
import io.gitopspipeline.lifecycle.SupersedeWatch;
import io.gitopspipeline.lifecycle.Supersession;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.PromoterSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of {@code pr wait} and {@code sync wait} that watch the GitOps repository for a newer
 * promotion of the same app and environment; with them a superseded wait exits {@value
 * #EXIT_SUPERSEDED}.
 */
public final class SupersedeOptions {
  /** The exit code of a wait that a newer build's promotion superseded. */
  public static final int EXIT_SUPERSEDED = 4;

  @Option(
      names = "--gitops-repo",
      paramLabel = "URL_OR_PATH",
      description =
          "Watch this GitOps repository and end with exit code 4 (superseded) when another build"
              + " promotes the same --app and --env meanwhile.")
  String repo;

  @Option(
      names = "--gitops-branch",
      paramLabel = "ENV_BRANCH",
      defaultValue = "main",
      description = "The environment branch of --gitops-repo (default: main).")
  String branch;

  @Option(names = "--app", paramLabel = "APP", description = "The promoted app (--gitops-repo).")
  String app;

  @Option(
      names = "--env",
      paramLabel = "ENV",
      description = "The promoted environment (--gitops-repo).")
  String env;

  @Option(
      names = "--gitops-path",
      paramLabel = "TEMPLATE",
      description = "Where apps live in --gitops-repo (default: apps/{app}/{env}).")
  String path;

  @Option(
      names = "--gitops-username",
      paramLabel = "USER",
      description = "HTTPS user name for --gitops-repo.")
  String username;

  @Option(
      names = "--gitops-token-file",
      paramLabel = "FILE",
      description = "File holding the HTTPS password or token for --gitops-repo.")
  Path tokenFile;

  @Option(
      names = "--supersede-interval",
      paramLabel = "DURATION",
      defaultValue = "15s",
      description = "How often to look for a newer promotion (default: 15s).")
  String interval;

  /** Whether supersede detection was asked for; checks the options belong together. */
  public boolean requested() throws InvalidInputException {
    if (repo == null) {
      if (app != null || env != null || tokenFile != null || username != null || path != null) {
        throw new InvalidInputException(
            "--app, --env, --gitops-path, --gitops-username and --gitops-token-file need"
                + " --gitops-repo");
      }
      return false;
    }
    if (app == null || env == null) {
      throw new InvalidInputException(
          "--gitops-repo needs --app and --env: the promotion whose newer builds supersede this"
              + " wait");
    }
    return true;
  }

  /** The watch for the build's own promotion {@code commit}. */
  public SupersedeWatch watch(String commit, boolean waitingForMerge, Duration networkTimeout)
      throws InvalidInputException {
    GitCredentials credentials =
        tokenFile == null
            ? GitCredentials.NONE
            : new GitCredentials.UsernamePassword(
                username, SecretFiles.readPassword(tokenFile, "--gitops-token-file"));
    PromoterSettings defaults = PromoterSettings.defaults();
    PromoterSettings settings =
        new PromoterSettings(
            null, null, 1, defaults.initialBackoff(), defaults.maxBackoff(), networkTimeout);
    return new SupersedeWatch(
        new SupersedeCheck(settings),
        new SupersedeCheck.Query(
            repo, branch, app, env, path, credentials, commit, waitingForMerge),
        Durations.parse(interval));
  }

  /** The JSON of a supersession. */
  public static Map<String, Object> json(Supersession s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("commit", s.commit());
    json.put("branch", s.branch());
    json.put("image", s.image());
    json.put("sourceCommit", s.sourceCommit());
    json.put("buildUrl", s.buildUrl());
    return json;
  }
}
