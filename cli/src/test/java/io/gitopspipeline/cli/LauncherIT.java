package io.gitopspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs bin/gitops as users do: a separate process over the shaded cli/target/gitops.jar. */
class LauncherIT {
  private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();

  record Result(int exitCode, String stdout, String stderr) {}

  @TempDir Path cds;

  /** With an archive directory of the test's own, never the user's cache. */
  Result gitops(String... args) throws IOException, InterruptedException {
    return gitops(Map.of("GITOPS_CDS_DIR", cds.resolve("default").toString()), args);
  }

  static Result gitops(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return run(null, PROJECT.resolve("bin/gitops").toString(), env, args);
  }

  /** Runs {@code launcher} (as given, maybe relative) in {@code directory} (null: the current). */
  static Result run(Path directory, String launcher, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bin/gitops " + String.join(" ", args) + " did not finish");
    }
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private Map<String, String> cdsIn(Path dir) {
    return Map.of("GITOPS_CDS_DIR", dir.toString());
  }

  private List<Path> archives(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  @Test
  void theFirstRealCommandWritesAClassDataArchiveThatLaterRunsUseWithTheSameOutput()
      throws Exception {
    Result first = gitops(cdsIn(cds), "image", "parse", "nginx:1.2", "--output", "json");
    List<Path> written = archives(cds);
    Result second = gitops(cdsIn(cds), "image", "parse", "nginx:1.2", "--output", "json");

    assertThat(first.exitCode()).isZero();
    assertThat(first.stderr()).as("no JVM warning about the archive being written").isEmpty();
    assertThat(written).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".jsa"));
    assertThat(Files.size(written.get(0))).isPositive();
    assertThat(second.exitCode()).isZero();
    assertThat(second.stdout()).isEqualTo(first.stdout()).contains("\"familiar\":\"nginx:1.2\"");
    assertThat(second.stderr()).isEmpty();
  }

  @Test
  void aDamagedArchiveIsIgnoredQuietly() throws Exception {
    Result fresh = gitops(cdsIn(cds), "image", "parse", "nginx:1.2", "--output", "json");
    Path archive = archives(cds).get(0);
    archive.toFile().setWritable(true);
    Files.writeString(archive, "not an archive");

    Result damaged = gitops(cdsIn(cds), "image", "parse", "nginx:1.2", "--output", "json");

    assertThat(damaged.exitCode()).isZero();
    assertThat(damaged.stdout()).isEqualTo(fresh.stdout());
    assertThat(damaged.stderr()).isEmpty();
  }

  @Test
  void versionAndHelpWriteNoArchive() throws Exception {
    assertThat(gitops(cdsIn(cds), "--version").exitCode()).isZero();
    assertThat(gitops(cdsIn(cds), "--help").exitCode()).isZero();

    assertThat(archives(cds)).isEmpty();
  }

  @Test
  void cdsOffWritesNoArchive() throws Exception {
    Map<String, String> env = Map.of("GITOPS_CDS_DIR", cds.toString(), "GITOPS_CDS", "off");

    Result result = gitops(env, "image", "parse", "nginx:1.2");

    assertThat(result.exitCode()).isZero();
    assertThat(archives(cds)).isEmpty();
  }

  @Test
  void printsTheVersion() throws Exception {
    Result result = gitops("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).startsWith("gitops ");
  }

  @Test
  void printsTheVersionAsJson() throws Exception {
    Result result = gitops("--output", "json", "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).startsWith("{\"version\":");
  }

  @Test
  void exitsTwoOnAnUnknownCommandWithoutAStackTrace() throws Exception {
    Result result = gitops("no-such-command");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr())
        .contains("no-such-command")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aLockLeftByAKilledRunIsTakenOverSoTheArchiveIsStillWritten() throws Exception {
    gitops(cdsIn(cds), "image", "parse", "nginx:1.2");
    Path archive = archives(cds).get(0);
    Files.delete(archive);
    Path lock = Files.createDirectory(cds.resolve(archive.getFileName() + ".lock"));
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));

    Result result = gitops(cdsIn(cds), "image", "parse", "nginx:1.2");

    assertThat(result.exitCode()).isZero();
    assertThat(archive).isNotEmptyFile();
    assertThat(lock).doesNotExist();
  }

  @Test
  void aRecentLockMeansAnotherRunIsWritingTheArchiveAndIsLeftAlone() throws Exception {
    gitops(cdsIn(cds), "image", "parse", "nginx:1.2");
    Path archive = archives(cds).get(0);
    Files.delete(archive);
    Path lock = Files.createDirectory(cds.resolve(archive.getFileName() + ".lock"));

    Result result = gitops(cdsIn(cds), "image", "parse", "nginx:1.2");

    assertThat(result.exitCode()).isZero();
    assertThat(archive).doesNotExist();
    assertThat(lock).isDirectory();
  }

  @Test
  void aCdpathWithABinDirectoryDoesNotMisleadARelativeLauncher() throws Exception {
    Path decoy = Files.createDirectories(cds.resolve("decoy/bin"));
    Map<String, String> env =
        Map.of("CDPATH", decoy.getParent().toString(), "GITOPS_CDS_DIR", cds.toString());

    Result result = run(PROJECT, "bin/gitops", env, "--version");

    assertThat(result.stderr()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).startsWith("gitops ");
  }
}
