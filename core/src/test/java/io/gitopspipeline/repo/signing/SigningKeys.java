package io.gitopspipeline.repo.signing;

import io.gitopspipeline.testing.TestTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Keys generated for a test with the real tools (gpg in a throw-away GNUPGHOME, ssh-keygen), and
 * {@code git verify-commit} with verifiers that trust exactly those keys. Nothing is checked in.
 */
public final class SigningKeys {
  /** The identity the generated keys belong to. */
  public static final String NAME = "GitOps Bot";

  public static final String EMAIL = "bot@gitops.invalid";

  private final Path root;
  private final Path gpg;
  private final Path sshKeygen;
  private final Path git;
  private final Path signerHome;
  private final Path verifierHome;
  private final Path allowedSigners;
  private int counter;

  public SigningKeys(Path root) {
    this.root = root;
    this.gpg = TestTools.require("gpg");
    this.sshKeygen = TestTools.require("ssh-keygen");
    this.git = TestTools.require("git");
    this.signerHome = dir("gnupg-signer");
    this.verifierHome = dir("gnupg-verifier");
    this.allowedSigners = root.resolve("allowed_signers");
    write(allowedSigners, "");
  }

  /** An OpenPGP key as gpg generated it. */
  public record PgpKey(Path secretKeyFile, String primaryFingerprint) {}

  /** An SSH key as ssh-keygen generated it. */
  public record SshKey(Path privateKeyFile, String publicKey) {}

  /**
   * A new OpenPGP key from {@code gpg --quick-gen-key}, exported armored, its public key imported
   * into the verifier's GNUPGHOME.
   *
   * @param algo gpg's algorithm ("ed25519", "rsa2048", "default")
   * @param usage gpg's usage ("sign", "cert", "default")
   * @param expire gpg's expiry ("never", "1d")
   * @param passphrase the passphrase, or "" for none
   * @param fakedTime gpg's --faked-system-time value, or null for now
   */
  public PgpKey pgp(String algo, String usage, String expire, String passphrase, String fakedTime) {
    String uid = NAME + " " + (++counter) + " <" + EMAIL + ">";
    List<String> args =
        new ArrayList<>(List.of("--pinentry-mode", "loopback", "--passphrase", passphrase));
    if (fakedTime != null) {
      args.addAll(List.of("--faked-system-time", fakedTime));
    }
    args.addAll(List.of("--quick-gen-key", uid, algo, usage, expire));
    gpg(signerHome, args.toArray(String[]::new));
    String fingerprint = fingerprintOf(uid);
    return new PgpKey(
        exportSecret(fingerprint, passphrase, "pgp-" + counter + ".asc"), fingerprint);
  }

  /** Adds a subkey with {@code gpg --quick-add-key} and re-exports the key. */
  public PgpKey addSubkey(PgpKey key, String algo, String usage, String passphrase) {
    gpg(
        signerHome,
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        passphrase,
        "--quick-add-key",
        key.primaryFingerprint(),
        algo,
        usage,
        "never");
    return new PgpKey(
        exportSecret(key.primaryFingerprint(), passphrase, "pgp-" + (++counter) + ".asc"),
        key.primaryFingerprint());
  }

  /** The fingerprints of the key's subkeys, in gpg's order. */
  public List<String> subkeyFingerprints(PgpKey key) {
    String listing = gpg(signerHome, "--with-colons", "--list-keys", key.primaryFingerprint());
    List<String> result = new ArrayList<>();
    boolean inSub = false;
    for (String line : listing.split("\n")) {
      if (line.startsWith("sub:")) {
        inSub = true;
      } else if (line.startsWith("fpr:") && inSub) {
        result.add(line.split(":")[9]);
        inSub = false;
      } else if (!line.startsWith("fpr:")) {
        inSub = false;
      }
    }
    return result;
  }

  /** The armored public key only. */
  public Path exportPublic(PgpKey key) {
    Path file = root.resolve("public-" + (++counter) + ".asc");
    write(file, gpg(signerHome, "--armor", "--export", key.primaryFingerprint()));
    return file;
  }

  private String fingerprintOf(String uid) {
    String listing = gpg(signerHome, "--with-colons", "--list-keys", "=" + uid);
    for (String line : listing.split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new AssertionError("gpg listed no fingerprint for " + uid + ": " + listing);
  }

  private Path exportSecret(String fingerprint, String passphrase, String name) {
    Path file = root.resolve(name);
    write(
        file,
        gpg(
            signerHome,
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            passphrase,
            "--armor",
            "--export-secret-keys",
            fingerprint));
    Path publicKey = root.resolve(name + ".pub");
    write(publicKey, gpg(signerHome, "--armor", "--export", fingerprint));
    gpg(verifierHome, "--import", publicKey.toString());
    return file;
  }

  /**
   * A new SSH key from {@code ssh-keygen}, added to the verifier's allowed-signers file for {@link
   * #EMAIL}.
   */
  public SshKey ssh(String type, int bits, String passphrase) {
    Path file = root.resolve("ssh-" + (++counter));
    List<String> args =
        new ArrayList<>(
            List.of("-q", "-t", type, "-N", passphrase, "-C", EMAIL, "-f", file.toString()));
    if (bits > 0) {
      args.addAll(List.of("-b", Integer.toString(bits)));
    }
    run(sshKeygen, root, Map.of(), args.toArray(String[]::new));
    String publicKey = read(root.resolve(file.getFileName() + ".pub")).strip();
    String[] parts = publicKey.split(" ");
    append(allowedSigners, EMAIL + " namespaces=\"git\" " + parts[0] + " " + parts[1] + "\n");
    return new SshKey(file, publicKey);
  }

  /** {@code ssh-keygen -l}: the key's SHA256 fingerprint. */
  public String sshFingerprint(SshKey key) {
    return run(
            sshKeygen, root, Map.of(), "-l", "-E", "sha256", "-f", key.privateKeyFile().toString())
        .split(" ")[1];
  }

  /** A DSA private key in PKCS#8 PEM, which OpenSSH no longer signs with. */
  public Path dsaKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("DSA");
    generator.initialize(2048);
    byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
    Path file = root.resolve("dsa-" + (++counter) + ".pem");
    write(
        file,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(encoded)
            + "\n-----END PRIVATE KEY-----\n");
    return file;
  }

  /** The result of {@code git verify-commit}. */
  public record Verification(int exit, String stdout, String stderr) {
    public boolean good() {
      return exit == 0;
    }

    public String output() {
      return stdout + stderr;
    }
  }

  /** Runs the real {@code git verify-commit} on {@code commit} in {@code gitDir}. */
  public Verification verifyCommit(Path gitDir, String commit) {
    Path home = dir("home-verify");
    return tryRun(
        git,
        root,
        Map.of(
            "GNUPGHOME", verifierHome.toString(),
            "HOME", home.toString(),
            "GIT_CONFIG_NOSYSTEM", "1",
            "GIT_CONFIG_GLOBAL", home.resolve("gitconfig").toString()),
        "--git-dir",
        gitDir.toString(),
        "-c",
        "gpg.program=" + gpg,
        "-c",
        "gpg.ssh.program=" + sshKeygen,
        "-c",
        "gpg.ssh.allowedSignersFile=" + allowedSigners,
        "verify-commit",
        "--raw",
        commit);
  }

  /** Stops the gpg-agents the key generation and verification started. */
  public void close() {
    Path gpgconf = TestTools.require("gpgconf");
    for (Path home : List.of(signerHome, verifierHome)) {
      tryRun(gpgconf, root, Map.of("GNUPGHOME", home.toString()), "--kill", "all");
    }
  }

  private String gpg(Path home, String... args) {
    List<String> all = new ArrayList<>(List.of("--batch", "--yes", "--no-tty"));
    all.addAll(List.of(args));
    return run(gpg, root, Map.of("GNUPGHOME", home.toString()), all.toArray(String[]::new));
  }

  private static String run(Path tool, Path dir, Map<String, String> env, String... args) {
    Verification result = tryRun(tool, dir, env, args);
    if (result.exit() != 0) {
      throw new AssertionError(
          tool.getFileName() + " " + String.join(" ", args) + " failed: " + result.output());
    }
    return result.stdout();
  }

  private static Verification tryRun(Path tool, Path dir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(tool.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    try {
      Path err = Files.createTempFile(dir, "stderr", ".txt");
      builder.redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      String stderr = Files.readString(err);
      Files.delete(err);
      return new Verification(exit, out, stderr);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + tool + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private Path dir(String name) {
    try {
      Path dir = Files.createDirectories(root.resolve(name));
      dir.toFile().setReadable(false, false);
      dir.toFile().setReadable(true, true);
      dir.toFile().setExecutable(false, false);
      dir.toFile().setExecutable(true, true);
      dir.toFile().setWritable(false, false);
      dir.toFile().setWritable(true, true);
      return dir;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void append(Path file, String content) {
    write(file, read(file) + content);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
