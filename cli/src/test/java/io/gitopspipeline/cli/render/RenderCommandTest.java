package io.gitopspipeline.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.cli.Main;
import io.gitopspipeline.testing.TestTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();

  record Run(int exitCode, String stdout, String stderr) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path app() throws Exception {
    Path deploy = dir.resolve("deploy");
    Files.createDirectories(deploy.resolve("environments"));
    Files.writeString(
        deploy.resolve("app.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: hello
          labels: {env: "${ENV_NAME}"}
        spec:
          replicas: ${REPLICAS}
          selector: {matchLabels: {app: hello}}
          template:
            metadata: {labels: {app: hello}}
            spec:
              containers:
              - name: hello
                image: ${IMAGE}
        """);
    Files.writeString(deploy.resolve("environments/dev.yaml"), "ENV_NAME: dev\nREPLICAS: 1\n");
    Files.writeString(deploy.resolve("environments/prod.yaml"), "ENV_NAME: prod\nREPLICAS: 3\n");
    return deploy;
  }

  @Test
  void rendersIntoADirectoryAndPrintsAJsonSummary() throws Exception {
    Path out = dir.resolve("out");

    Run run =
        run(
            "--output",
            "json",
            "render",
            "--engine",
            "plain",
            "--source",
            app().toString(),
            "--env",
            "prod",
            "--image",
            "example.com/hello:1.2.3",
            "--namespace",
            "hello",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode summary = json.readTree(run.stdout());
    assertThat(summary.get("engine").asText()).isEqualTo("plain");
    assertThat(summary.get("environment").asText()).isEqualTo("prod");
    assertThat(summary.get("resources").asInt()).isEqualTo(1);
    assertThat(summary.get("byKind").get("Deployment").asInt()).isEqualTo(1);
    assertThat(summary.get("images").get(0).asText()).isEqualTo("example.com/hello:1.2.3");
    assertThat(summary.get("changes").get("added").get(0).asText())
        .isEqualTo("hello/deployment-hello.yaml");
    assertThat(Files.readString(out.resolve("hello/deployment-hello.yaml")))
        .contains("replicas: 3")
        .contains("env: prod")
        .contains("namespace: hello");
  }

  @Test
  void streamsToStdoutWithTheSummaryOnStderr() throws Exception {
    Run run =
        run(
            "render",
            "--source",
            app().toString(),
            "--env",
            "dev",
            "--image",
            "example.com/hello:1.2.3",
            "--var",
            "REPLICAS=2",
            "--stdout");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("---\napiVersion: apps/v1\n").contains("replicas: 2");
    assertThat(run.stderr()).contains("rendered 1 resources for dev (plain)");
  }

  @Test
  void reportsRemovedFilesAgainstThePreviousOutput() throws Exception {
    Path deploy = app();
    Path out = dir.resolve("out");
    Files.writeString(
        deploy.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    assertThat(
            run(
                    "render",
                    "--source",
                    deploy.toString(),
                    "--env",
                    "dev",
                    "--image",
                    "example.com/hello:1",
                    "--out",
                    out.toString())
                .exitCode())
        .isZero();
    Files.delete(deploy.resolve("cm.yaml"));

    Run run =
        run(
            "render",
            "--source",
            deploy.toString(),
            "--env",
            "dev",
            "--image",
            "example.com/hello:1",
            "--out",
            out.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("  - default/configmap-c.yaml").contains("1 removed");
  }

  @Test
  void anUnknownEnvironmentExitsTwoNamingTheKnownOnes() throws Exception {
    Run run = run("render", "--source", app().toString(), "--env", "staging", "--stdout");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("staging").contains("known environments: dev, prod");
  }

  @Test
  void failedValidationExitsTwoAndNoValidateSkipsIt() throws Exception {
    Path deploy = app();

    Run strict =
        run(
            "render",
            "--source",
            deploy.toString(),
            "--env",
            "dev",
            "--image",
            "hello:latest",
            "--stdout");
    Run relaxed =
        run(
            "render",
            "--source",
            deploy.toString(),
            "--env",
            "dev",
            "--image",
            "hello:latest",
            "--stdout",
            "--no-validate");

    assertThat(strict.exitCode()).isEqualTo(2);
    assertThat(strict.stderr()).contains("uses :latest");
    assertThat(relaxed.exitCode()).isZero();
  }

  @Test
  void outAndStdoutAreMutuallyExclusiveAndOneIsRequired() throws Exception {
    Run neither = run("render", "--source", app().toString(), "--env", "dev");
    Run both =
        run("render", "--source", app().toString(), "--env", "dev", "--stdout", "--out", "x");

    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(both.exitCode()).isEqualTo(2);
  }

  @Test
  void rendersAHelmChartWithSetValues() throws Exception {
    Path helm = TestTools.require("helm");
    Path chart = dir.resolve("chart");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
    Files.writeString(chart.resolve("values.yaml"), "greeting: hi\n");
    Files.writeString(
        chart.resolve("templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"
            + "data:\n  greeting: {{ .Values.greeting | quote }}\n");

    Run run =
        run(
            "--output",
            "json",
            "render",
            "--engine",
            "helm",
            "--source",
            chart.toString(),
            "--env",
            "dev",
            "--release",
            "r1",
            "--namespace",
            "demo",
            "--set",
            "greeting=hello",
            "--helm",
            helm.toString(),
            "--stdout");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("manifests").asText()).contains("greeting: hello").contains("name: r1");
    assertThat(result.get("summary").get("tools").get(0).get("name").asText()).isEqualTo("helm");
  }

  @Test
  void aManifestWithNestedAliasesExitsTwoWithAClearMessage() throws Exception {
    Path deploy = dir.resolve("laughs");
    Files.createDirectories(deploy);
    StringBuilder yaml =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n");
    yaml.append("  l0: &l0 [a, a, a, a, a, a, a, a, a]\n");
    for (int level = 1; level < 9; level++) {
      yaml.append("  l" + level + ": &l" + level + " [");
      yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1))));
      yaml.append("]\n");
    }
    Files.writeString(deploy.resolve("cm.yaml"), yaml);

    Run run =
        run(
            "render",
            "--source",
            deploy.toString(),
            "--env",
            "dev",
            "--stdout",
            "--engine",
            "plain");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("cm.yaml").contains("aliases").doesNotContain("Exception");
  }

  @Test
  void aReleaseNameThatLooksLikeAnOptionExitsTwo() throws Exception {
    Path chart = dir.resolve("chart");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\n");

    Run run =
        run(
            "render",
            "--engine",
            "helm",
            "--source",
            chart.toString(),
            "--env",
            "dev",
            "--release=--set-file=x=/etc/hostname",
            "--stdout");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("release name '--set-file=x=/etc/hostname' is not valid");
  }

  private Path appWithSecret() throws Exception {
    Path deploy = dir.resolve("secret-app");
    Files.createDirectories(deploy.resolve("environments"));
    Files.writeString(
        deploy.resolve("secret.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\n"
            + "stringData: {password: cli-render-hunter2}\n");
    Files.writeString(deploy.resolve("environments/dev.yaml"), "{}\n");
    return deploy;
  }

  @Test
  void aPlaintextSecretExitsWith2NamingItButNotItsValue() throws Exception {
    Run run =
        run(
            "render",
            "--source",
            appWithSecret().toString(),
            "--env",
            "dev",
            "--out",
            dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("shop/Secret/db")
        .contains("--allow-secret shop/db")
        .doesNotContain("cli-render-hunter2");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void allowSecretAndAllowPlainSecretsLetItThrough() throws Exception {
    Path source = appWithSecret();

    Run one =
        run(
            "render",
            "--source",
            source.toString(),
            "--env",
            "dev",
            "--out",
            dir.resolve("one").toString(),
            "--allow-secret",
            "shop/db");
    Run all =
        run(
            "render",
            "--source",
            source.toString(),
            "--env",
            "dev",
            "--out",
            dir.resolve("all").toString(),
            "--allow-plain-secrets");
    Run bad =
        run(
            "render",
            "--source",
            source.toString(),
            "--env",
            "dev",
            "--out",
            dir.resolve("bad").toString(),
            "--allow-secret",
            "not a name");

    assertThat(one.exitCode()).as(one.stderr()).isZero();
    assertThat(all.exitCode()).as(all.stderr()).isZero();
    assertThat(Files.readString(dir.resolve("one/shop/secret-db.yaml"))).contains("password");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.stderr()).contains("'not a name'");
  }
}
