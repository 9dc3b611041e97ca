package io.gitopspipeline.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact layer: the same files give the same bytes, and hostile archives are refused. */
class TarballTest {
  @TempDir Path dir;

  private static final Tarball.Limits LIMITS = new Tarball.Limits(1024 * 1024, 1000);

  private Path tree(String name) throws Exception {
    Path root = dir.resolve(name);
    Files.createDirectories(root.resolve("shop/deep"));
    Files.writeString(root.resolve("shop/deployment-web.yaml"), "kind: Deployment\n");
    Files.writeString(root.resolve("shop/deep/a.yaml"), "a: 1\n");
    Files.writeString(root.resolve("b.yaml"), "b: 2\n");
    String longName = "x".repeat(120) + ".yaml";
    Files.writeString(root.resolve("shop/" + longName), "long: true\n");
    return root;
  }

  @Test
  void theSameFilesGiveTheSameBytesWhateverTheirTimesAndModes() throws Exception {
    Path a = tree("a");
    Path b = tree("b");
    Files.setLastModifiedTime(b.resolve("b.yaml"), FileTime.fromMillis(12345));
    Files.setPosixFilePermissions(
        b.resolve("b.yaml"), PosixFilePermissions.fromString("rwx------"));

    assertThat(Tarball.build(a, 1 << 20)).isEqualTo(Tarball.build(b, 1 << 20));
  }

  @Test
  void oneChangedFileChangesTheBytes() throws Exception {
    Path a = tree("a");
    byte[] before = Tarball.build(a, 1 << 20);
    Files.writeString(a.resolve("b.yaml"), "b: 3\n");

    assertThat(Tarball.build(a, 1 << 20)).isNotEqualTo(before);
  }

  @Test
  void readsBackWhatItBuiltLongNamesIncluded() throws Exception {
    List<Tarball.Entry> entries = Tarball.read(Tarball.build(tree("a"), 1 << 20), LIMITS);

    assertThat(entries.stream().filter(e -> !e.directory()).map(Tarball.Entry::path))
        .containsExactly(
            "b.yaml",
            "shop/deep/a.yaml",
            "shop/deployment-web.yaml",
            "shop/" + "x".repeat(120) + ".yaml");
    assertThat(new String(entries.get(0).content(), StandardCharsets.UTF_8)).isEqualTo("b: 2\n");
  }

  /**
   * {@code flux push artifact} walks the directory and writes a header for every directory it meets
   * (fluxcd/pkg {@code oci} build through its {@code tar} package), so an empty directory is an
   * entry of the layer: the artifact holds it, and an empty directory more is another artifact.
   */
  @Test
  void anEmptyDirectoryIsAnEntryAsFluxPacksIt() throws Exception {
    Path root = tree("a");
    Files.createDirectories(root.resolve("shop/empty"));
    Files.createDirectories(root.resolve("placeholder/nested"));

    byte[] gz = Tarball.build(root, 1 << 20);

    assertThat(Tarball.read(gz, LIMITS))
        .filteredOn(Tarball.Entry::directory)
        .extracting(Tarball.Entry::path)
        .contains("shop/empty", "placeholder", "placeholder/nested");
    assertThat(gz).isNotEqualTo(Tarball.build(tree("b"), 1 << 20));
    Path archive = Files.write(dir.resolve("layer.tar.gz"), gz);
    Process tar =
        new ProcessBuilder("tar", "-tzvf", archive.toString()).redirectErrorStream(true).start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tar.waitFor()).as(listing).isZero();
    assertThat(listing).contains("drwxr-xr-x 0/0").contains("shop/empty/");
    Path out = Files.createDirectories(dir.resolve("out"));
    Tarball.write(Tarball.read(gz, LIMITS), out);
    assertThat(out.resolve("shop/empty")).isEmptyDirectory();
    assertThat(out.resolve("placeholder/nested")).isEmptyDirectory();
  }

  @Test
  void refusesToPackALink() throws Exception {
    Path root = tree("a");
    Files.createSymbolicLink(root.resolve("link.yaml"), Path.of("/etc/passwd"));

    assertThatThrownBy(() -> Tarball.build(root, 1 << 20))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("link.yaml");
  }

  @Test
  void refusesPathTraversal() {
    byte[] gz = new HostileTars().file("ok.yaml", "a").file("../evil.yaml", "x").gzip();

    assertThatThrownBy(() -> Tarball.read(gz, LIMITS))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("'../evil.yaml'");
  }

  @Test
  void refusesAbsolutePaths() {
    byte[] gz = new HostileTars().file("/etc/cron.d/evil", "x").gzip();

    assertThatThrownBy(() -> Tarball.read(gz, LIMITS)).hasMessageContaining("absolute");
  }

  @Test
  void refusesSymbolicLinksHardLinksAndDevices() {
    for (char type : new char[] {'1', '2', '3', '4', '6'}) {
      byte[] gz = new HostileTars().entry("x.yaml", type, new byte[0]).gzip();

      assertThatThrownBy(() -> Tarball.read(gz, LIMITS))
          .hasMessageContaining("'x.yaml'")
          .hasMessageContaining("regular files and directories only");
    }
  }

  @Test
  void refusesContentBeyondTheLimitWhileReading() {
    byte[] gz = new HostileTars().entry("big.yaml", '0', new byte[2 * 1024 * 1024]).gzip();

    assertThat(gz.length).isLessThan(64 * 1024); // a small download that unpacks big
    assertThatThrownBy(() -> Tarball.read(gz, LIMITS)).hasMessageContaining("exceeds");
  }

  @Test
  void refusesDuplicateEntriesAndGarbage() {
    byte[] dup = new HostileTars().file("a.yaml", "1").file("./a.yaml", "2").gzip();

    assertThatThrownBy(() -> Tarball.read(dup, LIMITS)).hasMessageContaining("twice");
    assertThatThrownBy(() -> Tarball.read("not gzip".getBytes(StandardCharsets.UTF_8), LIMITS))
        .hasMessageContaining("not a readable gzip-compressed tar");
  }
}
