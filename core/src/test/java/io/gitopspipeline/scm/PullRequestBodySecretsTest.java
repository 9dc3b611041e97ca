package io.gitopspipeline.scm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A pull request body never shows a Secret's values, whatever diff it is given. */
class PullRequestBodySecretsTest {
  private static PromotionChange change(String diff) {
    return new PromotionChange(
        "gitops/dev/shop",
        "main",
        "shop",
        "dev",
        null,
        null,
        null,
        null,
        List.of(new FileChange("apps/shop/dev/shop/secret-db.yaml", FileChange.Type.CHANGED)),
        diff);
  }

  @Test
  void secretValuesInTheDiffAreHiddenOnBothSides() {
    String diff =
        """
        diff --git a/apps/shop/dev/shop/secret-db.yaml b/apps/shop/dev/shop/secret-db.yaml
        --- a/apps/shop/dev/shop/secret-db.yaml
        +++ b/apps/shop/dev/shop/secret-db.yaml
        @@ -4,5 +4,5 @@ kind: Secret
         metadata:
           name: db
         data:
        -  password: b2xkLWh1bnRlcjI=
        +  password: bmV3LWh1bnRlcjM=
        """;

    String body = PullRequestBody.render(change(diff), 65_536);

    assertThat(body)
        .contains("-  password: <redacted>")
        .contains("+  password: <redacted>")
        .contains("   name: db")
        .doesNotContain("b2xkLWh1bnRlcjI=")
        .doesNotContain("bmV3LWh1bnRlcjM=");
  }

  @Test
  void sopsCiphertextsAreHiddenToo() {
    String diff =
        "diff --git a/a/secret-x.yaml b/a/secret-x.yaml\n--- a/a/secret-x.yaml\n"
            + "+++ b/a/secret-x.yaml\n@@ -9 +9 @@\n"
            + "-    mac: ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]\n"
            + "+    mac: ENC[AES256_GCM,data:DDDD,iv:EEEE,tag:FFFF,type:str]\n";

    assertThat(PullRequestBody.render(change(diff), 65_536))
        .contains("mac: <redacted>")
        .doesNotContain("ENC[");
  }
}
