package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.render.SecretPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chart's random password rendered anew is no change: when only Secret values differ from what
 * the repository holds, promote commits and proposes nothing unless asked to.
 */
class PromoteSecretValuesOnlyTest {
  @TempDir Path tmp;
  private GitCli git;
  private Path remote;
  private Promoter promoter;
  private final List<String> messages = new ArrayList<>();
  private final ProgressListener progress = p -> messages.add(p.message());

  @BeforeEach
  void setUp() {
    git = new GitCli(tmp);
    remote = git.bareRepositoryWithMain(tmp);
    promoter =
        new Promoter(
            PromoterTest.quickRetries(
                PromoterSettings.defaults().withWorkDirectory(tmp.resolve("work"))));
  }

  private static String secret(String data) {
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n"
        + "stringData:\n"
        + data;
  }

  private Path rendered(String name, String configMap, String secret) throws Exception {
    Path dir = tmp.resolve("rendered-" + name);
    GitCli.write(dir.resolve("shop/configmap-app.yaml"), configMap);
    GitCli.write(dir.resolve("shop/secret-db.yaml"), secret);
    return dir;
  }

  private Promotion promotion(Path dir) throws Exception {
    return Promotion.of(remote.toString(), "main", "web", "dev", dir)
        .withSecrets(SecretPolicy.of(false, List.of("shop/db")));
  }

  private String main() {
    return git.run(remote, "rev-parse", "main").strip();
  }

  private void seed() throws Exception {
    PromotionResult first =
        promoter.promote(
            promotion(
                rendered(
                    "first",
                    "kind: ConfigMap\ndata:\n  a: \"1\"\n",
                    secret("  password: r4nd0m1\n"))),
            ProgressListener.NONE);
    assertThat(first.changed()).isTrue();
  }

  @Test
  void onlyASecretValueChangedIsAlreadyUpToDateAndSaysSo() throws Exception {
    seed();
    String before = main();

    PromotionResult result =
        promoter.promote(
            promotion(
                rendered(
                    "second",
                    "kind: ConfigMap\ndata:\n  a: \"1\"\n",
                    secret("  password: r4nd0m2\n"))),
            progress);

    assertThat(result.changed()).isFalse();
    assertThat(result.secretValuesOnly()).isTrue();
    assertThat(result.commit()).isEqualTo(before);
    assertThat(result.files().count()).isZero();
    assertThat(main()).isEqualTo(before);
    assertThat(messages)
        .anyMatch(m -> m.contains("only Secret values changed; nothing to promote"))
        .noneMatch(m -> m.contains("r4nd0m"));
  }

  @Test
  void promoteSecretOnlyChangesCommitsTheNewValue() throws Exception {
    seed();
    String before = main();

    PromotionResult result =
        promoter.promote(
            promotion(
                    rendered(
                        "second",
                        "kind: ConfigMap\ndata:\n  a: \"1\"\n",
                        secret("  password: r4nd0m2\n")))
                .withPromoteSecretOnlyChanges(true),
            ProgressListener.NONE);

    assertThat(result.changed()).isTrue();
    assertThat(result.secretValuesOnly()).isFalse();
    assertThat(main()).isNotEqualTo(before);
    assertThat(git.run(remote, "show", "main:apps/web/dev/shop/secret-db.yaml"))
        .contains("r4nd0m2");
  }

  @Test
  void aSecretValueChangedWithAConfigMapIsCommittedWhole() throws Exception {
    seed();

    PromotionResult result =
        promoter.promote(
            promotion(
                rendered(
                    "second",
                    "kind: ConfigMap\ndata:\n  a: \"2\"\n",
                    secret("  password: r4nd0m2\n"))),
            ProgressListener.NONE);

    assertThat(result.changed()).isTrue();
    assertThat(result.files().modified())
        .containsExactly(
            "apps/web/dev/shop/configmap-app.yaml", "apps/web/dev/shop/secret-db.yaml");
    assertThat(git.run(remote, "show", "main:apps/web/dev/shop/secret-db.yaml"))
        .contains("r4nd0m2");
  }

  @Test
  void aKeyAddedToASecretIsCommitted() throws Exception {
    seed();

    PromotionResult result =
        promoter.promote(
            promotion(
                rendered(
                    "second",
                    "kind: ConfigMap\ndata:\n  a: \"1\"\n",
                    secret("  password: r4nd0m1\n  user: app\n"))),
            ProgressListener.NONE);

    assertThat(result.changed()).isTrue();
    assertThat(result.files().modified()).containsExactly("apps/web/dev/shop/secret-db.yaml");
  }

  @Test
  void branchModeOpensNoPromotionBranchWhenOnlySecretValuesChanged() throws Exception {
    seed();
    String before = main();

    PromotionResult result =
        promoter.promote(
            promotion(
                    rendered(
                        "second",
                        "kind: ConfigMap\ndata:\n  a: \"1\"\n",
                        secret("  password: r4nd0m2\n")))
                .withMode(PushMode.BRANCH),
            progress);

    assertThat(result.changed()).isFalse();
    assertThat(result.secretValuesOnly()).isTrue();
    assertThat(result.branch()).isEqualTo("main");
    assertThat(result.commit()).isEqualTo(before);
    assertThat(git.run(remote, "branch", "--list", "gitops/*").strip()).isEmpty();
    assertThat(messages).anyMatch(m -> m.contains("only Secret values changed"));
  }

  @Test
  void aSopsReEncryptionOfTheSameKeysIsAlreadyUpToDate() throws Exception {
    String sops =
        new String(
            getClass().getResourceAsStream("/secrets/sops-secret.yaml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    String reEncrypted =
        sops.replace("data:Er1mAfE0IsUPWHxobf+zjvg=", "data:Zm9vYmFyYmF6cXV4MTIz")
            .replace("data:IDUy,", "data:QUJD,")
            .replace("2026-12-07T15:00:00Z", "2026-12-07T16:00:00Z")
            .replace("data:SZqd/7mlbzgz6Ak7", "data:AAAA/7mlbzgz6Ak7");
    Path first = rendered("sops1", "kind: ConfigMap\n", sops);
    assertThat(
            promoter
                .promote(
                    Promotion.of(remote.toString(), "main", "web", "dev", first),
                    ProgressListener.NONE)
                .changed())
        .isTrue();
    String before = main();

    PromotionResult result =
        promoter.promote(
            Promotion.of(
                remote.toString(),
                "main",
                "web",
                "dev",
                rendered("sops2", "kind: ConfigMap\n", reEncrypted)),
            progress);

    assertThat(result.changed()).isFalse();
    assertThat(result.secretValuesOnly()).isTrue();
    assertThat(main()).isEqualTo(before);
  }
}
