package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String SHA256 =
      "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
  private static final String SHA512 = "sha512:" + "ab".repeat(64);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      delimiter = '|',
      textBlock =
          """
          # input                          | registry           | repository         | tag      | reference
          nginx                            | docker.io          | library/nginx      | -        | docker.io/library/nginx
          nginx:1.27                       | docker.io          | library/nginx      | 1.27     | docker.io/library/nginx:1.27
          library/busybox                  | docker.io          | library/busybox    | -        | docker.io/library/busybox
          docker.io/busybox                | docker.io          | library/busybox    | -        | docker.io/library/busybox
          index.docker.io/dmcgowan/app     | docker.io          | dmcgowan/app       | -        | docker.io/dmcgowan/app
          dmcgowan/app:v1                  | docker.io          | dmcgowan/app       | v1       | docker.io/dmcgowan/app:v1
          test.com:tag                     | docker.io          | library/test.com   | tag      | docker.io/library/test.com:tag
          test.com:5000                    | docker.io          | library/test.com   | 5000     | docker.io/library/test.com:5000
          test:5000/repo:tag               | test:5000          | repo               | tag      | test:5000/repo:tag
          192.168.1.1:5000/repo:5050       | 192.168.1.1:5000   | repo               | 5050     | 192.168.1.1:5000/repo:5050
          [2001:db8::1]:5000/repo          | [2001:db8::1]:5000 | repo               | -        | [2001:db8::1]:5000/repo
          [2001:db8::1]/repo               | [2001:db8::1]      | repo               | -        | [2001:db8::1]/repo
          localhost/app                    | localhost          | app                | -        | localhost/app
          localhost:5000/team/app:1.0      | localhost:5000     | team/app           | 1.0      | localhost:5000/team/app:1.0
          localhost                        | docker.io          | library/localhost  | -        | docker.io/library/localhost
          lowercase:Uppercase              | docker.io          | library/lowercase  | Uppercase| docker.io/library/lowercase:Uppercase
          ghcr.io/org/team/app:sha-abc     | ghcr.io            | org/team/app       | sha-abc  | ghcr.io/org/team/app:sha-abc
          Example.COM/app                  | Example.COM        | app                | -        | Example.COM/app
          a.b-c.d/x__y/a-----b/c.d/e_f     | a.b-c.d            | x__y/a-----b/c.d/e_f | -      | a.b-c.d/x__y/a-----b/c.d/e_f
          foo_bar.com/app                  | ''                 | foo_bar.com/app    | -        | foo_bar.com/app
          registry.example.com:443/app:_x  | registry.example.com:443 | app          | _x       | registry.example.com:443/app:_x
          """)
  void parsesAndNormalisesLikeDistributionReference(
      String input, String registry, String repository, String tag, String reference)
      throws Exception {
    ImageReference parsed = ImageReference.parse(input);

    assertThat(parsed.registry()).isEqualTo(registry);
    assertThat(parsed.repository()).isEqualTo(repository);
    assertThat(parsed.tag()).isEqualTo(tag);
    assertThat(parsed.digest()).isNull();
    assertThat(parsed).hasToString(reference);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          nginx                                | nginx
          docker.io/library/nginx:1.27         | nginx:1.27
          docker.io/dmcgowan/app               | dmcgowan/app
          docker.io/library/team/app           | library/team/app
          ghcr.io/org/app:1                    | ghcr.io/org/app:1
          localhost:5000/library/app           | localhost:5000/library/app
          """)
  void familiarFormIsWhatDockerPrints(String input, String familiar) throws Exception {
    assertThat(ImageReference.parse(input).familiar()).isEqualTo(familiar);
  }

  // normalize_test.go TestValidateReferenceName / TestValidateRemoteName
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "docker/docker",
        "library/debian",
        "debian",
        "docker.io/docker/docker",
        "docker.io/library/debian",
        "docker.io/debian",
        "index.docker.io/docker/docker",
        "index.docker.io/library/debian",
        "index.docker.io/debian",
        "127.0.0.1:5000/docker/docker",
        "127.0.0.1:5000/library/debian",
        "127.0.0.1:5000/debian",
        "192.168.0.1",
        "192.168.0.1:80",
        "192.168.0.1:8/debian",
        "192.168.0.2:25000/debian",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        "[fc00::1]:5000/docker",
        "[fc00::1]:5000/docker/docker",
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        "Docker/docker",
        "DOCKER/docker",
        "docker-rules/docker",
        "docker---rules/docker",
        "doc/docker",
        "d/docker",
        "jess/t",
        "dock__er/docker",
        "xn--n3h.com:18080/foo",
        "test-com:8080/foo",
      })
  void acceptsWhatDistributionAccepts(String name) throws Exception {
    assertThat(ImageReference.parse(name).repository()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://github.com/docker/docker",
        "docker/Docker",
        "-docker",
        "-docker/docker",
        "-docker.io/docker/docker",
        "docker///docker",
        "docker.io/docker/Docker",
        "docker.io/docker///docker",
        "[fc00::1]",
        "[fc00::1]:5000",
        "fc00::1:5000/debian",
        "[fe80::1%eth0]:5000/debian",
        "[2001:db8:3:4::192.0.2.33]:5000/debian",
        "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        "docker-/docker",
        "-docker-/docker",
        "____/____",
        "_docker/_docker",
        "dock..er/docker",
        "dock_.er/docker",
        "dock-.er/docker",
        "docker/",
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker",
      })
  void rejectsWhatDistributionRejects(String name) {
    assertThatThrownBy(() -> ImageReference.parse(name))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("image reference '");
  }

  // normalize_test.go TestParseRepositoryInfo: familiar, full and ambiguous spellings agree
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          fooo/bar                              | fooo/bar                        | docker.io/fooo/bar
          index.docker.io/fooo/bar              | fooo/bar                        | docker.io/fooo/bar
          library/ubuntu                        | ubuntu                          | docker.io/library/ubuntu
          nonlibrary/ubuntu                     | nonlibrary/ubuntu               | docker.io/nonlibrary/ubuntu
          other/library                         | other/library                   | docker.io/other/library
          127.0.0.1:8000/private/moonbase       | 127.0.0.1:8000/private/moonbase | 127.0.0.1:8000/private/moonbase
          example.com:8000/privatebasee         | example.com:8000/privatebasee   | example.com:8000/privatebasee
          index.docker.io/library/ubuntu-12.04-base | ubuntu-12.04-base           | docker.io/library/ubuntu-12.04-base
          docker.io/foo                         | foo                             | docker.io/library/foo
          library/foo/bar                       | library/foo/bar                 | docker.io/library/foo/bar
          store/foo/bar                         | store/foo/bar                   | docker.io/store/foo/bar
          Foo/bar                               | Foo/bar                         | Foo/bar
          FOO/bar                               | FOO/bar                         | FOO/bar
          test_com/foo                          | test_com/foo                    | docker.io/test_com/foo
          """)
  void familiarAndFullNamesMatchDistribution(String input, String familiar, String full)
      throws Exception {
    ImageReference parsed = ImageReference.parse(input);

    assertThat(parsed.familiarName()).isEqualTo(familiar);
    assertThat(parsed.name()).isEqualTo(full);
  }

  @Test
  void keepsTagAndDigestTogether() throws Exception {
    ImageReference parsed = ImageReference.parse("gcr.io/library/busybox:latest@" + SHA256);

    assertThat(parsed.tag()).isEqualTo("latest");
    assertThat(parsed.digest()).isEqualTo(SHA256);
    assertThat(parsed.manifestReference()).isEqualTo(SHA256);
    assertThat(parsed).hasToString("gcr.io/library/busybox:latest@" + SHA256);
  }

  @Test
  void acceptsSha512Digests() throws Exception {
    ImageReference parsed = ImageReference.parse("busybox@" + SHA512);

    assertThat(parsed.digest()).isEqualTo(SHA512);
    assertThat(parsed.familiar()).isEqualTo("busybox@" + SHA512);
  }

  @Test
  void referenceWithoutTagOrDigestAsksForLatest() throws Exception {
    assertThat(ImageReference.parse("app").manifestReference()).isEqualTo("latest");
    assertThat(ImageReference.parse("app:v2").manifestReference()).isEqualTo("v2");
  }

  @Test
  void repositoryPathMayBe255CharactersButNotMore() throws Exception {
    String path255 = "a".repeat(255);
    assertThat(ImageReference.parse("example.com/" + path255).repository()).hasSize(255);

    assertThatThrownBy(() -> ImageReference.parse("example.com/" + "a".repeat(256)))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageContaining("256 characters long")
        .hasMessageContaining("must not be more than 255");
  }

  @Test
  void pathLengthCountsTheDockerHubPathAfterNormalisation() throws Exception {
    // reference_test.go: 127 x "a/" + "a" is exactly 255 characters; 128 x is too long
    ImageReference longest = ImageReference.parse("a/".repeat(127) + "a:tag-puts-this-over-max");
    assertThat(longest.registry()).isEqualTo("docker.io");
    assertThat(longest.repository()).hasSize(255);

    assertThatThrownBy(() -> ImageReference.parse("a/".repeat(128) + "a:tag"))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageContaining("257 characters long");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        ":justtag",
        "@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "aa/asdf$$^/aa",
        "[2001:db8::1]:5000",
        "[2001:db8::1]:tag",
        "[fe80::1%@invalidzone]:5000/repo",
        "test:5000/Uppercase/lowercase:tag",
      })
  void rejectsReferenceTestFailures(String input) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOf(InvalidImageReferenceException.class);
  }

  @Test
  void tagMayBe128CharactersButNotMore() throws Exception {
    assertThat(ImageReference.parse("app:" + "t".repeat(128)).tag()).hasSize(128);

    assertThatThrownBy(() -> ImageReference.parse("app:" + "t".repeat(129)))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageContaining("129 characters long; a tag has at most 128");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          app:Feature/X                | tag 'Feature/X' has '/', which a tag cannot contain
          app:feature/x                | tag 'feature/x' has '/', which a tag cannot contain
          Uppercase:tag                | repository name 'library/Uppercase' must be lowercase
          registry.io/Team/app         | repository name 'Team/app' must be lowercase
          app:                         | tag is empty
          app:-x                       | tag '-x' starts with '-'
          app:a+b                      | tag 'a+b' has '+', which a tag cannot contain
          app@sha256:abc               | is too short; the hex part needs at least 32 digits
          app@sha256:0123456789abcdef0123456789abcdef | has 32 hex digits; sha256 needs exactly 64
          app@sha256:xyz0000000000000000000000000000000000000000000000000000000000 | 'x', which is not a hex digit
          app@md5:0123456789abcdef0123456789abcdef | digest algorithm 'md5' is not supported
          app@sha256:E6693C20186F837FC393390135D8A598A96A833917917789D63766CAB6C59582 | must use lowercase hex digits
          app@                         | digest after '@' is empty
          a@b@c                        | more than one '@'
          [2001:db8::1]                | is a registry host without a repository
          [2001:db8::z]/app            | is not an IPv6 address
          host.io:abc/app              | registry port 'abc' in 'host.io:abc' must be a number
          bad_host.io:5000/app         | registry host 'bad_host.io' has the component 'bad_host'
          example.com//app             | empty component
          example.com/app/             | empty component
          example.com/-app             | must start and end with a lowercase letter or digit
          example.com/a..b             | has the separator '..'
          example.com/a___b            | has the separator '___'
          example.com/a$b              | has '$', which a repository name cannot contain
          "app tag"                    | contains ' ' at position 4
          e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582 | 64-hex identifier alone
          """)
  void rejectsInvalidReferencesNamingTheOffendingPart(String input, String reason) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("image reference '" + input + "' is invalid: ")
        .hasMessageContaining(reason);
  }

  @Test
  void rejectsEmptyReference() {
    assertThatThrownBy(() -> ImageReference.parse(""))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageContaining("image reference is empty");
  }

  @Test
  void escapesControlCharactersInErrors() {
    assertThatThrownBy(() -> ImageReference.parse("app\u0007:1"))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageContaining("app\\u0007:1")
        .hasMessageContaining("U+0007");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a.",
        "a-",
        "a_",
        "a.a.a.a.",
        "a-a-a-a-a!",
        "a/a/a/a/a/a//",
      })
  void longHostileInputsFailQuickly(String unit) {
    String hostile = unit.repeat(2048 / unit.length()).substring(0, 2000) + "!";

    assertThatThrownBy(() -> ImageReference.parse(hostile))
        .isInstanceOf(InvalidImageReferenceException.class);
  }

  @Test
  void rejectsInputsLongerThanAnyValidReference() {
    assertThatThrownBy(() -> ImageReference.parse("a".repeat(5000)))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageContaining("5000 characters long");
  }

  @Test
  void acceptsLongValidReferencesWithoutExhaustingTheStack() throws Exception {
    String host = "a-b.".repeat(200) + "io";
    String path = "a.b".repeat(85);
    ImageReference parsed = ImageReference.parse(host + "/" + path + ":t@" + SHA512);

    assertThat(parsed.registry()).isEqualTo(host);
    assertThat(parsed.repository()).isEqualTo(path);
  }

  @Test
  void validatesTags() {
    assertThat(ImageReference.isValidTag("v1.2.3_build-4")).isTrue();
    assertThat(ImageReference.isValidTag(".hidden")).isFalse();
    assertThatThrownBy(() -> ImageReference.validateTag("Feature/X"))
        .hasMessage(
            "tag 'Feature/X' has '/', which a tag cannot contain (allowed: letters, digits, '_',"
                + " '.' and '-')");
  }

  @Test
  void withTagAndWithDigestKeepTheRepository() throws Exception {
    ImageReference app = ImageReference.parse("registry.example.com/team/app:old");

    assertThat(app.withTag("new")).hasToString("registry.example.com/team/app:new");
    assertThat(app.withDigest(SHA256)).hasToString("registry.example.com/team/app:old@" + SHA256);
    assertThat(app.repositoryOnly()).hasToString("registry.example.com/team/app");
    assertThatThrownBy(() -> app.withTag("a/b")).isInstanceOf(InvalidImageReferenceException.class);
  }

  @Test
  void normalisedFormParsesBackToTheSameReference() throws Exception {
    for (String input :
        new String[] {"nginx", "a/b/c:d", "localhost:5000/x@" + SHA256, "[::1]:5000/a:b"}) {
      ImageReference parsed = ImageReference.parse(input);
      assertThat(ImageReference.parse(parsed.toString())).isEqualTo(parsed);
      assertThat(ImageReference.parse(parsed.familiar())).isEqualTo(parsed);
    }
  }
}
