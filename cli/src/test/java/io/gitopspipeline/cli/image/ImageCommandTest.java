package io.gitopspipeline.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ImageCommandTest {
  private static final String DIGEST =
      "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void parsePrintsTheNormalisedParts() throws Exception {
    Gitops run = Gitops.run("--output", "json", "image", "parse", "nginx:1.27@" + DIGEST);

    assertThat(run.exitCode()).isZero();
    JsonNode parsed = json.readTree(run.stdout());
    assertThat(parsed.get("registry").asText()).isEqualTo("docker.io");
    assertThat(parsed.get("repository").asText()).isEqualTo("library/nginx");
    assertThat(parsed.get("tag").asText()).isEqualTo("1.27");
    assertThat(parsed.get("digest").asText()).isEqualTo(DIGEST);
    assertThat(parsed.get("reference").asText())
        .isEqualTo("docker.io/library/nginx:1.27@" + DIGEST);
    assertThat(parsed.get("familiar").asText()).isEqualTo("nginx:1.27@" + DIGEST);
  }

  @Test
  void parseGivesNullForAMissingTagAndDigest() throws Exception {
    JsonNode parsed =
        json.readTree(
            Gitops.run("--output", "json", "image", "parse", "localhost:5000/app").stdout());

    assertThat(parsed.get("registry").asText()).isEqualTo("localhost:5000");
    assertThat(parsed.get("tag").isNull()).isTrue();
    assertThat(parsed.get("digest").isNull()).isTrue();
    assertThat(parsed.get("familiar").asText()).isEqualTo("localhost:5000/app");
  }

  @Test
  void parseOfAnInvalidReferenceExitsTwoWithTheReason() throws Exception {
    Gitops run = Gitops.run("--output", "json", "image", "parse", "app:Feature/X");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("tag 'Feature/X' has '/', which a tag cannot contain");
    assertThat(json.readTree(run.stdout()).get("error").get("kind").asText())
        .isEqualTo("invalid_input");
  }

  @Test
  void tagsComputesTagsAndReferences() throws Exception {
    Gitops run =
        Gitops.run(
            "--output",
            "json",
            "image",
            "tags",
            "--image",
            "ghcr.io/org/app",
            "--version",
            "1.4.0+build.7",
            "--commit",
            "0123456789abcdef0123456789abcdef01234567",
            "--branch",
            "feature/Login",
            "--build",
            "42",
            "--timestamp",
            "2025-01-02T04:04:05+01:00");

    assertThat(run.exitCode()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("image").asText()).isEqualTo("ghcr.io/org/app");
    assertThat(result.get("tags"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "1.4.0_build.7",
            "0123456789abcdef0123456789abcdef01234567",
            "0123456",
            "feature-login",
            "42",
            "20250102T030405Z");
    assertThat(result.get("references").get(0).asText()).isEqualTo("ghcr.io/org/app:1.4.0_build.7");
  }

  @Test
  void tagsWithTemplatesAndAShortShaLength() throws Exception {
    Gitops run =
        Gitops.run(
            "--output",
            "json",
            "image",
            "tags",
            "--image",
            "app",
            "--commit",
            "0123456789abcdef0123456789abcdef01234567",
            "--branch",
            "main",
            "--build",
            "7",
            "--template",
            "{branch}-{build}",
            "--template",
            "sha-{shortSha}",
            "--short-sha-length",
            "10");

    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("tags"))
        .extracting(JsonNode::asText)
        .containsExactly("main-7", "sha-0123456789");
    assertThat(result.get("references"))
        .extracting(JsonNode::asText)
        .containsExactly("docker.io/library/app:main-7", "docker.io/library/app:sha-0123456789");
  }

  @Test
  void tagsTemplateNeedingAMissingPartExitsTwo() {
    Gitops run = Gitops.run("image", "tags", "--image", "app", "--template", "{version}");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("template '{version}' uses {version}, but the build has no version");
  }

  @Test
  void tagsRefusesAnImageWithATag() {
    Gitops run = Gitops.run("image", "tags", "--image", "app:1", "--build", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--image 'app:1' has a tag or digest");
  }

  @Test
  void tagRefusesAnInvalidTagBeforeContactingTheRegistry() {
    Gitops run = Gitops.run("image", "tag", "127.0.0.1:1/app:1", "--tag", "a/b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("tag 'a/b' has '/'");
  }

  @Test
  void usernameWithoutPasswordStdinIsAUsageError() {
    Gitops run = Gitops.run("image", "resolve", "127.0.0.1:1/app:1", "--username", "bob");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--username needs --password-stdin");
  }

  @Test
  void unreachableRegistryFailsWithExitOne() {
    Gitops run =
        Gitops.run("image", "resolve", "127.0.0.1:1/app:1", "--insecure-registry", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("cannot connect to registry 127.0.0.1:1");
  }

  @Test
  void imageGroupIsListedInHelp() {
    Gitops run = Gitops.run("help", "image");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("parse").contains("tags").contains("tag").contains("resolve");
  }
}
