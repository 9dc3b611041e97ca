package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void parsesKindNamespaceNameAndCanonicalisesKnownKinds() throws Exception {
    assertThat(Target.parse("kustomization/flux-system/apps"))
        .isEqualTo(Target.of("Kustomization", "flux-system", "apps"));
    assertThat(Target.parse("hr/apps/podinfo").kind()).isEqualTo("HelmRelease");
    assertThat(Target.parse("Application/argocd/podinfo@prod-eu"))
        .isEqualTo(new Target("Application", "argocd", "podinfo", "prod-eu"));
  }

  @Test
  void refusesMalformedTargetsNamingThem() {
    assertThatThrownBy(() -> Target.parse("Kustomization/apps"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'Kustomization/apps'")
        .hasMessageContaining("KIND/NAMESPACE/NAME");
    assertThatThrownBy(() -> Target.parse("Kustomization/*/apps"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Target.parse("Kustomization/apps/x@"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Target.parse(" ")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void eventsWithUnknownPartsOrNoClusterMatch() {
    Target wait = new Target("Kustomization", "apps", "podinfo", "eu1");
    assertThat(wait.matches(Target.of("kustomization", "apps", "podinfo"))).isTrue();
    assertThat(wait.matches(Target.of("Kustomization", Target.ANY, "podinfo"))).isTrue();
    assertThat(wait.matches(new Target("Kustomization", "apps", "podinfo", "eu1"))).isTrue();
    assertThat(wait.matches(new Target("Kustomization", "apps", "podinfo", "us1"))).isFalse();
    assertThat(wait.matches(Target.of("Kustomization", "apps", "other"))).isFalse();
    assertThat(wait.matches(Target.of("HelmRelease", "apps", "podinfo"))).isFalse();
  }

  @Test
  void ociRepositoriesAreTargets() throws Exception {
    assertThat(Target.parse("ocirepository/flux-system/app-manifests").kind())
        .isEqualTo("OCIRepository");
    assertThat(Target.parse("ocirepo/flux-system/app-manifests").kind()).isEqualTo("OCIRepository");
  }
}
