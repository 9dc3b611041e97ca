package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing rendered manifests: stable bytes, change reports, and no way out of the directory. */
class RenderOutputTest {
  @TempDir Path dir;

  private final Renderer renderer = new Renderer();

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        replicas: ${replicas:=1}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - {name: web, image: "${IMAGE}"}
      """;

  private Path source() {
    RenderFixtures.write(dir, "deploy/deployment.yaml", DEPLOYMENT);
    RenderFixtures.write(
        dir,
        "deploy/service.yaml",
        "kind: Service\napiVersion: v1\nmetadata: {name: web, namespace: shop}\n"
            + "spec: {ports: [{port: 80}], selector: {app: web}}\n");
    RenderFixtures.write(dir, "deploy/environments/dev.yaml", "replicas: 1\n");
    return dir.resolve("deploy");
  }

  private RenderResult render(Path source, String image) throws Exception {
    return renderer.render(
        RenderRequest.builder(source, "dev").image(image).build(), ProgressListener.NONE);
  }

  @Test
  void writesOneNormalisedFilePerResourceEndingInANewline() throws Exception {
    Path out = dir.resolve("out");

    RenderSummary summary = renderer.write(render(source(), "example.com/web:1.0.0"), out, null);

    assertThat(summary.byKind())
        .containsExactly(java.util.Map.entry("Deployment", 1), java.util.Map.entry("Service", 1));
    assertThat(summary.changes().added())
        .containsExactly("shop/deployment-web.yaml", "shop/service-web.yaml");
    assertThat(RenderFixtures.read(out.resolve("shop/service-web.yaml")))
        .isEqualTo(
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
            spec:
              ports:
              - port: 80
              selector:
                app: web
            """);
  }

  @Test
  void reRenderingUnchangedInputIsByteIdentical() throws Exception {
    Path source = source();
    Path out = dir.resolve("out");
    renderer.write(render(source, "example.com/web:1.0.0"), out, null);
    byte[] first = Files.readAllBytes(out.resolve("shop/deployment-web.yaml"));

    RenderSummary again = renderer.write(render(source, "example.com/web:1.0.0"), out, null);

    assertThat(Files.readAllBytes(out.resolve("shop/deployment-web.yaml"))).isEqualTo(first);
    assertThat(again.changes().added()).isEmpty();
    assertThat(again.changes().changed()).isEmpty();
    assertThat(again.changes().removed()).isEmpty();
    assertThat(again.changes().unchanged()).isEqualTo(2);
  }

  @Test
  void aChangedValueChangesOnlyItsLine() throws Exception {
    Path source = source();
    Path out = dir.resolve("out");
    renderer.write(render(source, "example.com/web:1.0.0"), out, null);
    List<String> before = Files.readAllLines(out.resolve("shop/deployment-web.yaml"));

    RenderSummary summary = renderer.write(render(source, "example.com/web:1.1.0"), out, null);

    List<String> after = Files.readAllLines(out.resolve("shop/deployment-web.yaml"));
    assertThat(summary.changes().changed()).containsExactly("shop/deployment-web.yaml");
    assertThat(after).hasSameSizeAs(before);
    List<Integer> differing =
        java.util.stream.IntStream.range(0, after.size())
            .filter(i -> !after.get(i).equals(before.get(i)))
            .boxed()
            .toList();
    assertThat(differing).hasSize(1);
    assertThat(after.get(differing.get(0))).contains("image: example.com/web:1.1.0");
  }

  @Test
  void removedResourcesShowAsRemovedAndTheirFilesGo() throws Exception {
    Path source = source();
    Path out = dir.resolve("out");
    renderer.write(render(source, "example.com/web:1.0.0"), out, null);
    Path previous = dir.resolve("previous");
    renderer.write(render(source, "example.com/web:1.0.0"), previous, null);
    Files.delete(source.resolve("service.yaml"));

    RenderSummary summary = renderer.write(render(source, "example.com/web:1.0.0"), out, previous);

    assertThat(summary.changes().removed()).containsExactly("shop/service-web.yaml");
    assertThat(summary.changes().compared()).isEqualTo(previous.toString());
    assertThat(out.resolve("shop/service-web.yaml")).doesNotExist();
    assertThat(out.resolve("shop/deployment-web.yaml")).exists();
  }

  @Test
  void streamingComparesWithThePreviousDirectory() throws Exception {
    Path source = source();
    Path previous = dir.resolve("previous");
    renderer.write(render(source, "example.com/web:1.0.0"), previous, null);

    RenderResult result = render(source, "example.com/web:2.0.0");
    RenderSummary summary = renderer.summarize(result, previous);

    assertThat(summary.out()).isNull();
    assertThat(summary.changes().changed()).containsExactly("shop/deployment-web.yaml");
    assertThat(result.stream())
        .startsWith("---\napiVersion: apps/v1\nkind: Deployment\n")
        .contains("---\napiVersion: v1\nkind: Service\n")
        .endsWith("\n");
  }

  @Test
  void namesThatTryToEscapeTheOutputDirectoryStayInside() throws Exception {
    RenderFixtures.write(
        dir,
        "evil/a.yaml",
        """
        apiVersion: example.com/v1
        kind: Thing
        metadata: {name: ../../../etc/passwd, namespace: ..}
        ---
        apiVersion: example.com/v1
        kind: ../Thing
        metadata: {name: /absolute, namespace: /tmp}
        ---
        apiVersion: example.com/v1
        kind: Thing
        metadata: {name: "a\\\\b", namespace: "."}
        """);
    Path out = dir.resolve("out");

    RenderResult result =
        renderer.render(
            RenderRequest.builder(dir.resolve("evil"), "dev").validation(Validation.NONE).build(),
            ProgressListener.NONE);
    renderer.write(result, out, null);

    assertThat(result.files().keySet())
        .allSatisfy(path -> assertThat(path).matches("[a-z0-9._-]+/[a-z0-9._-]+\\.yaml"))
        .noneMatch(path -> path.startsWith(".") || path.contains("/."));
    try (var walk = Files.walk(dir)) {
      assertThat(walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(out)))
          .allMatch(p -> p.startsWith(dir.resolve("evil")));
    }
  }

  @Test
  void relativePathsLeavingTheDirectoryAreRefused() throws Exception {
    Path root = Files.createDirectories(dir.resolve("out")).toRealPath();

    for (String path : List.of("../x.yaml", "ns/../../x.yaml", "/etc/x.yaml", "..")) {
      assertThatThrownBy(() -> OutputDirectory.safeTarget(root, path))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("would leave the output directory");
    }
  }

  @Test
  void aLinkedNamespaceFolderIsNotWrittenThrough() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(out.resolve("shop"), elsewhere);

    RenderResult result = render(source(), "example.com/web:1.0.0");

    assertThatThrownBy(() -> renderer.write(result, out, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("link");
    try (var files = Files.list(elsewhere)) {
      assertThat(files).isEmpty();
    }
  }
}
