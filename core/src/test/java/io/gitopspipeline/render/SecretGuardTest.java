package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plaintext Secrets are refused, encrypted ones pass, and no message or diff shows a value. */
class SecretGuardTest {
  @TempDir Path dir;

  private final Renderer renderer = new Renderer();

  private static final String PLAIN =
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: db, namespace: shop}
      type: Opaque
      data:
        password: aHVudGVyMi1wbGFpbnRleHQ=
      stringData:
        user: admin-plaintext-user
      """;

  private static final String CONFIG =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\n"
          + "data: {a: b}\n";

  private Path source(String secret) {
    RenderFixtures.write(dir, "app/config.yaml", CONFIG);
    RenderFixtures.write(dir, "app/secret.yaml", secret);
    RenderFixtures.write(dir, "app/environments/dev.yaml", "{}\n");
    return dir.resolve("app");
  }

  private RenderResult render(Path source, SecretPolicy policy, Validation validation)
      throws Exception {
    return renderer.render(
        RenderRequest.builder(source, "dev").secrets(policy).validation(validation).build(),
        ProgressListener.NONE);
  }

  private static String sopsFixture() throws Exception {
    return new String(
        SecretGuardTest.class.getResourceAsStream("/secrets/sops-secret.yaml").readAllBytes(),
        StandardCharsets.UTF_8);
  }

  @Test
  void refusesAPlaintextSecretNamingItAndItsKeysButNoValue() {
    assertThatThrownBy(() -> render(source(PLAIN), SecretPolicy.REFUSE_PLAIN, Validation.DEFAULT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("shop/Secret/db")
        .hasMessageContaining("keys password, user")
        .hasMessageContaining("--allow-secret shop/db")
        .hasMessageNotContaining("aHVudGVyMi1wbGFpbnRleHQ=")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("admin-plaintext-user");
  }

  @Test
  void turningValidationOffDoesNotLetAPlaintextSecretThrough() {
    assertThatThrownBy(() -> render(source(PLAIN), SecretPolicy.REFUSE_PLAIN, Validation.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("shop/Secret/db");
  }

  @Test
  void aSopsEncryptedSecretPassesAsItIs() throws Exception {
    RenderResult result =
        render(source(sopsFixture()), SecretPolicy.REFUSE_PLAIN, Validation.DEFAULT);

    assertThat(result.files().get("shop/secret-db.yaml"))
        .contains("password: ENC[AES256_GCM,data:")
        .contains("mac: ENC[AES256_GCM,data:");
  }

  @Test
  void aSopsFileWithOnePlaintextValueIsRefusedForThatKey() throws Exception {
    String partly =
        sopsFixture().replaceFirst("username: ENC\\[[^\\]]*\\]", "username: plain-user-value");

    assertThatThrownBy(() -> render(source(partly), SecretPolicy.REFUSE_PLAIN, Validation.DEFAULT))
        .hasMessageContaining("shop/Secret/db")
        .hasMessageContaining("keys username")
        .hasMessageNotContaining("plain-user-value");
  }

  @Test
  void encValuesWithoutSopsMetadataAreNotTakenAsEncrypted() {
    String fake = PLAIN.replace("aHVudGVyMi1wbGFpbnRleHQ=", "ENC[made-up]");

    assertThatThrownBy(() -> render(source(fake), SecretPolicy.REFUSE_PLAIN, Validation.DEFAULT))
        .hasMessageContaining("keys password, user");
  }

  @Test
  void anAllowedSecretOrAllowAllPasses() throws Exception {
    assertThat(
            render(source(PLAIN), SecretPolicy.of(false, List.of("shop/db")), Validation.DEFAULT)
                .files())
        .containsKey("shop/secret-db.yaml");
    assertThat(render(source(PLAIN), SecretPolicy.ALLOW_ALL, Validation.DEFAULT).files())
        .containsKey("shop/secret-db.yaml");
    assertThatThrownBy(
            () ->
                render(
                    source(PLAIN), SecretPolicy.of(false, List.of("other/db")), Validation.DEFAULT))
        .hasMessageContaining("shop/Secret/db");
  }

  @Test
  void aKindSpelledWithAnEscapeIsStillASecret() {
    String escaped = PLAIN.replace("kind: Secret", "kind: \"Secr\\u0065t\"");

    assertThat(SecretGuard.findings(escaped, "escaped.yaml", SecretPolicy.REFUSE_PLAIN))
        .singleElement()
        .satisfies(f -> assertThat(f.id()).isEqualTo("shop/db"));
    assertThat(SecretRedactor.redact(escaped)).doesNotContain("admin-plaintext-user");
  }

  @Test
  void aMalformedAllowEntryIsRefusedByName() {
    assertThatThrownBy(() -> SecretPolicy.of(false, List.of("Shop/DB/x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'Shop/DB/x'");
  }

  @Test
  void sealedSecretsExternalSecretsAndEmptySecretsPass() throws Exception {
    String others =
        """
        apiVersion: bitnami.com/v1alpha1
        kind: SealedSecret
        metadata: {name: db, namespace: shop}
        spec: {encryptedData: {password: AgBy3i4OJSWK}}
        ---
        apiVersion: external-secrets.io/v1beta1
        kind: ExternalSecret
        metadata: {name: api, namespace: shop}
        spec: {secretStoreRef: {name: vault, kind: ClusterSecretStore}, data: [{secretKey: k, remoteRef: {key: k}}]}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: tls, namespace: shop}
        type: kubernetes.io/tls
        """;

    assertThat(render(source(others), SecretPolicy.REFUSE_PLAIN, Validation.NONE).files())
        .hasSize(4);
  }

  @Test
  void redactionKeepsKeysAndHidesEveryValueEncryptedOrNot() throws Exception {
    String plain = SecretRedactor.redact(PLAIN);
    String sops = SecretRedactor.redact(sopsFixture());

    assertThat(plain)
        .contains("password: <redacted>")
        .contains("user: <redacted>")
        .doesNotContain("aHVudGVyMi1wbGFpbnRleHQ=")
        .doesNotContain("admin-plaintext-user");
    assertThat(sops)
        .contains("password: <redacted>")
        .contains("mac: <redacted>")
        .doesNotContain("ENC[");
    assertThat(SecretRedactor.redact(CONFIG)).isEqualTo(CONFIG);
  }

  @Test
  void aTextNamingASecretThatIsNotYamlIsHiddenWhole() {
    assertThat(SecretRedactor.redact("kind: Secret\ndata: {password: hunter2\n"))
        .isEqualTo(SecretRedactor.UNREADABLE);
  }

  @Test
  void theSummarySaysWhenOnlySecretValuesChanged() throws Exception {
    Path out = dir.resolve("out");
    renderer.write(render(source(PLAIN), SecretPolicy.ALLOW_ALL, Validation.DEFAULT), out, null);
    Path changed = source(PLAIN.replace("aHVudGVyMi1wbGFpbnRleHQ=", "cmFuZG9tLW5ldw=="));

    RenderSummary summary =
        renderer.write(render(changed, SecretPolicy.ALLOW_ALL, Validation.DEFAULT), out, null);

    assertThat(summary.changes().secretDataOnly()).containsExactly("shop/secret-db.yaml");
    assertThat(summary.changes().changed()).isEmpty();
    assertThat(summary.changes().unchanged()).isEqualTo(1);
  }

  @Test
  void aSecretWhoseKeysChangeIsAnOrdinaryChange() {
    String renamed = PLAIN.replace("password:", "token:");

    assertThat(SecretRedactor.onlySecretDataDiffers(PLAIN, renamed)).isFalse();
    assertThat(SecretRedactor.onlySecretDataDiffers(CONFIG, CONFIG.replace("a: b", "a: c")))
        .isFalse();
  }

  @Test
  void reEncryptingASopsSecretIsOnlyASecretValueChange() throws Exception {
    String before = sopsFixture();
    String after =
        before
            .replace("2026-12-07T15:00:00Z", "2026-12-08T09:00:00Z")
            .replaceFirst("data:[A-Za-z0-9+/=]+,iv", "data:AAAA,iv");

    assertThat(SecretRedactor.onlySecretDataDiffers(before, after)).isTrue();
  }

  @Test
  void aDiffMadeElsewhereHasItsSecretValuesHidden() {
    String diff =
        """
        diff --git a/shop/secret-db.yaml b/shop/secret-db.yaml
        --- a/shop/secret-db.yaml
        +++ b/shop/secret-db.yaml
        @@ -5,4 +5,4 @@ metadata:
         stringData:
        -  password: old-hunter2
        +  password: new-hunter3
           user: app-user
        diff --git a/shop/configmap-x.yaml b/shop/configmap-x.yaml
        --- a/shop/configmap-x.yaml
        +++ b/shop/configmap-x.yaml
        @@ -1 +1 @@
        -  a: old
        +  a: new
        """;

    String hidden = SecretRedactor.redactDiff(diff);

    assertThat(hidden)
        .contains("-  password: <redacted>\n+  password: <redacted>\n   user: <redacted>\n")
        .contains("-  a: old\n+  a: new\n")
        .doesNotContain("hunter")
        .doesNotContain("app-user");
  }

  @Test
  void aHunkStartingInsideASecretsDataHidesItsValues() {
    String diff =
        "diff --git a/x/secret-api.yaml b/x/secret-api.yaml\n--- a/x/secret-api.yaml\n"
            + "+++ b/x/secret-api.yaml\n@@ -9,2 +9,2 @@\n-  token: tok-old\n+  token: tok-new\n"
            + " type: Opaque\n";

    assertThat(SecretRedactor.redactDiff(diff))
        .contains("-  token: <redacted>\n+  token: <redacted>\n type: Opaque\n")
        .doesNotContain("tok-");
  }

  /** The fixture is real: age decrypts its data key, which AES-GCM-decrypts a value. */
  @Test
  void theSopsFixtureIsReallyEncryptedWithAge() throws Exception {
    Path age = TestTools.require("age");
    String yaml = sopsFixture();
    Matcher armor =
        Pattern.compile(
                "-----BEGIN AGE ENCRYPTED FILE-----.*?-----END AGE ENCRYPTED FILE-----",
                Pattern.DOTALL)
            .matcher(yaml);
    assertThat(armor.find()).isTrue();
    String armored = armor.group().replaceAll("\n\\s+", "\n") + "\n";
    Path key = Path.of(SecretGuardTest.class.getResource("/secrets/age-test-key.txt").toURI());
    Process p =
        new ProcessBuilder(age.toString(), "--decrypt", "--identity", key.toString()).start();
    p.getOutputStream().write(armored.getBytes(StandardCharsets.US_ASCII));
    p.getOutputStream().close();
    byte[] dataKey = p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    Matcher value =
        Pattern.compile("password: ENC\\[AES256_GCM,data:([^,]+),iv:([^,]+),tag:([^,]+),")
            .matcher(yaml);
    assertThat(value.find()).isTrue();
    Base64.Decoder b64 = Base64.getDecoder();
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(dataKey, "AES"),
        new GCMParameterSpec(128, b64.decode(value.group(2))));
    gcm.updateAAD("stringData:password:".getBytes(StandardCharsets.UTF_8));
    byte[] cipherText = b64.decode(value.group(1));
    byte[] tag = b64.decode(value.group(3));
    byte[] both = new byte[cipherText.length + tag.length];
    System.arraycopy(cipherText, 0, both, 0, cipherText.length);
    System.arraycopy(tag, 0, both, cipherText.length, tag.length);

    assertThat(new String(gcm.doFinal(both), StandardCharsets.UTF_8))
        .isEqualTo("s3cr3t-sops-value");
  }
}
