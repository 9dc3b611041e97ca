package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagPolicyTest {
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final BuildInfo FULL_BUILD =
      new BuildInfo(
          "1.4.0", COMMIT, "feature/Login", "42", Instant.parse("2025-01-02T03:04:05.678Z"));

  @Test
  void defaultPolicyGivesOneTagPerKnownPartInAFixedOrder() throws Exception {
    assertThat(TagPolicy.defaults().tags(FULL_BUILD))
        .containsExactly("1.4.0", COMMIT, "0123456", "feature-login", "42", "20250102T030405Z");
  }

  @Test
  void defaultPolicySkipsPartsTheBuildDoesNotHave() throws Exception {
    assertThat(TagPolicy.defaults().tags(BuildInfo.empty().withCommit(COMMIT)))
        .containsExactly(COMMIT, "0123456");
  }

  @Test
  void templatesReplaceTheDefaults() throws Exception {
    TagPolicy policy = TagPolicy.withTemplates(List.of("{version}-{shortSha}", "{branch}-{build}"));

    assertThat(policy.tags(FULL_BUILD)).containsExactly("1.4.0-0123456", "feature-login-42");
  }

  @Test
  void sameBuildAlwaysGivesTheSameTags() throws Exception {
    TagPolicy policy = TagPolicy.withTemplates(List.of("{timestamp}", "{branch}", "{sha}"));

    assertThat(policy.tags(FULL_BUILD)).isEqualTo(policy.tags(FULL_BUILD));
  }

  @Test
  void duplicateTagsAppearOnce() throws Exception {
    TagPolicy policy = TagPolicy.withTemplates(List.of("{build}", "latest", "{build}", "latest"));

    assertThat(policy.tags(FULL_BUILD)).containsExactly("42", "latest");
  }

  @Test
  void shortShaLengthIsConfigurable() throws Exception {
    TagPolicy policy = new TagPolicy(List.of("{shortSha}"), 12, 40);

    assertThat(policy.tags(FULL_BUILD)).containsExactly("0123456789ab");
  }

  @Test
  void commitIsLowercased() throws Exception {
    assertThat(
            TagPolicy.withTemplates(List.of("{sha}")).tags(BuildInfo.empty().withCommit("ABCDEF1")))
        .containsExactly("abcdef1");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          1.2.3                        | 1.2.3
          v1.2.3                       | v1.2.3
          2.0.0-rc.1                   | 2.0.0-rc.1
          1.0.0+build.7                | 1.0.0_build.7
          1.0.0-alpha.1+sha.5114f85    | 1.0.0-alpha.1_sha.5114f85
          1.0.0-x-y-z.--               | 1.0.0-x-y-z.--
          """)
  void versionBuildMetadataBecomesUnderscore(String version, String tag) throws Exception {
    assertThat(
            TagPolicy.withTemplates(List.of("{version}"))
                .tags(BuildInfo.empty().withVersion(version)))
        .containsExactly(tag);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          1.2
          01.2.3
          1.2.3-01
          1.2.3+
          1.2.3-
          latest
          1.2.3+a+b
          """)
  void rejectsVersionsThatAreNotSemVer(String version) {
    assertThatThrownBy(() -> TagPolicy.defaults().tags(BuildInfo.empty().withVersion(version)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("version '" + version + "' is not SemVer 2.0");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          main                         | main
          refs/heads/main              | main
          feature/Login                | feature-login
          Feature//Über_Cool..x        | feature-ber_cool..x
          -hotfix-                     | hotfix
          release/1.4.x                | release-1.4.x
          dependabot/npm_and_yarn/x    | dependabot-npm_and_yarn-x
          """)
  void sanitisesBranches(String branch, String tag) throws Exception {
    assertThat(TagPolicy.defaults().sanitiseBranch(branch)).isEqualTo(tag);
  }

  @Test
  void longBranchesAreCutWithAHashSoTheyNeverCollide() throws Exception {
    TagPolicy policy = TagPolicy.defaults();
    String prefix = "feature/a-very-long-branch-name-that-goes-on-and-on-";

    String first = policy.sanitiseBranch(prefix + "first");
    String second = policy.sanitiseBranch(prefix + "second");

    assertThat(first)
        .hasSize(40)
        .startsWith("feature-a-very-long-branch-name")
        .matches(".*-[0-9a-f]{8}");
    assertThat(second).hasSize(40).isNotEqualTo(first);
    assertThat(policy.sanitiseBranch("refs/heads/" + prefix + "first")).isEqualTo(first);
  }

  @Test
  void hashSuffixIsTheStartOfTheSha256OfTheBranchName() throws Exception {
    // printf %s feature/a-very-long-branch-name-that-goes-on-and-on-first | sha256sum → 7e28b6af…
    assertThat(
            TagPolicy.defaults()
                .sanitiseBranch("feature/a-very-long-branch-name-that-goes-on-and-on-first"))
        .isEqualTo("feature-a-very-long-branch-name-7e28b6af");
  }

  @Test
  void maxBranchLengthIsConfigurable() throws Exception {
    TagPolicy policy = new TagPolicy(List.of("{branch}"), 7, 20);

    assertThat(policy.tags(BuildInfo.empty().withBranch("feature/some-long-name")))
        .singleElement()
        .satisfies(tag -> assertThat(tag).hasSize(20).startsWith("feature-som-"));
  }

  @Test
  void branchWithoutLettersOrDigitsIsAnError() {
    assertThatThrownBy(() -> TagPolicy.defaults().tags(BuildInfo.empty().withBranch("///")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("branch '///' has no letters or digits to make a tag from");
  }

  @Test
  void templateNeedingAMissingPartIsAnError() {
    TagPolicy policy = TagPolicy.withTemplates(List.of("{version}-{shortSha}"));

    assertThatThrownBy(() -> policy.tags(BuildInfo.empty().withCommit(COMMIT)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("template '{version}-{shortSha}' uses {version}, but the build has no version");
  }

  @Test
  void templateGivingAnInvalidTagIsAnErrorNotADroppedTag() {
    TagPolicy policy = TagPolicy.withTemplates(List.of("{build}", "-{build}"));

    assertThatThrownBy(() -> policy.tags(FULL_BUILD))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("template '-{build}' gives an invalid tag")
        .hasMessageContaining("tag '-42' starts with '-'");
  }

  @Test
  void templateGivingATooLongTagIsAnError() {
    TagPolicy policy = TagPolicy.withTemplates(List.of("{sha}-{sha}-{sha}-{sha}"));

    assertThatThrownBy(() -> policy.tags(FULL_BUILD))
        .hasMessageContaining("163 characters long; a tag has at most 128");
  }

  @Test
  void emptyTemplateIsAnError() {
    assertThatThrownBy(() -> TagPolicy.withTemplates(List.of("")).tags(FULL_BUILD))
        .hasMessage("template '' gives an empty tag");
  }

  @Test
  void unknownPlaceholderIsAnError() {
    assertThatThrownBy(() -> TagPolicy.withTemplates(List.of("{commit}")).tags(FULL_BUILD))
        .hasMessageStartingWith(
            "template '{commit}' uses the unknown placeholder {commit}; known:");
    assertThatThrownBy(() -> TagPolicy.withTemplates(List.of("{sha")).tags(FULL_BUILD))
        .hasMessage("template '{sha' has a '{' without a closing '}'");
  }

  @Test
  void malformedCommitAndBuildNumberAreErrors() {
    assertThatThrownBy(() -> TagPolicy.defaults().tags(BuildInfo.empty().withCommit("xyz1234")))
        .hasMessage("commit 'xyz1234' is not a git commit id (4 to 64 hex digits)");
    assertThatThrownBy(() -> TagPolicy.defaults().tags(BuildInfo.empty().withBuildNumber("#7")))
        .hasMessage("build number '#7' must be digits only, e.g. 42");
  }

  @Test
  void nothingToTagIsAnError() {
    assertThatThrownBy(() -> TagPolicy.defaults().tags(BuildInfo.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("no tags to compute");
  }

  @Test
  void referencesPutEachTagOnTheImage() throws Exception {
    ImageReference image = ImageReference.parse("registry.example.com/team/app");

    assertThat(
            TagPolicy.withTemplates(List.of("{version}", "{shortSha}"))
                .references(image, FULL_BUILD))
        .extracting(ImageReference::toString)
        .containsExactly(
            "registry.example.com/team/app:1.4.0", "registry.example.com/team/app:0123456");
  }
}
