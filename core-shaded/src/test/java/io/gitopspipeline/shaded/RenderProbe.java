package io.gitopspipeline.shaded;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.render.RenderRequest;
import io.gitopspipeline.render.RenderResult;
import io.gitopspipeline.render.Renderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Renders a plain manifest with a YAML merge key through core's public API, as {@code gitopsRender}
 * does. Loaded by the test's own class loaders, so only JDK types cross the boundary.
 */
public final class RenderProbe implements Function<String, String> {
  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
        labels:
          <<: {tier: front}
          app: web
      spec:
        replicas: ${replicas:=1}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - {name: web, image: "${IMAGE}"}
      """;

  @Override
  public String apply(String directory) {
    try {
      Path root = Path.of(directory);
      write(root.resolve("deploy/deployment.yaml"), DEPLOYMENT);
      write(root.resolve("deploy/environments/dev.yaml"), "replicas: 2\n");
      Renderer renderer = new Renderer();
      RenderResult result =
          renderer.render(
              RenderRequest.builder(root.resolve("deploy"), "dev")
                  .image("example.com/web:1.0.0")
                  .build(),
              ProgressListener.NONE);
      renderer.write(result, root.resolve("out"), null);
      return Files.readString(root.resolve("out/shop/deployment-web.yaml"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
