package io.gitopspipeline.shaded;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Promotes a rendered manifest into a local GitOps repository through core's public API, as {@code
 * gitopsPullRequest} does: JGit (relocated in the shaded jar) does the clone, commit and push.
 */
public final class PromoteProbe implements Function<String, String> {
  @Override
  public String apply(String directory) {
    try {
      Path root = Path.of(directory);
      Path rendered = root.resolve("rendered");
      Files.createDirectories(rendered);
      Files.writeString(
          rendered.resolve("configmap.yaml"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: web}\n",
          StandardCharsets.UTF_8);
      PromoterSettings settings =
          new PromoterSettings(
              root.resolve("work"),
              root.resolve("cache"),
              3,
              Duration.ofMillis(10),
              Duration.ofMillis(100),
              Duration.ofMinutes(1));
      PromotionResult result =
          new Promoter(settings)
              .promote(
                  Promotion.of(
                      root.resolve("gitops.git").toString(), "main", "web", "dev", rendered),
                  ProgressListener.NONE);
      return result.changed() + " " + result.commit() + " " + result.files();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
