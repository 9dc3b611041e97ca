package io.gitopspipeline.shaded;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.GitIdentity;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.signing.CommitSigner;
import io.gitopspipeline.repo.signing.CommitSigners;
import io.gitopspipeline.repo.signing.SigningSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Promotes with a signed commit through core's public API, as {@code gitopsPullRequest} with {@code
 * signingCredentialsId} does: MINA sshd (SSH signatures) and, when gpg is on the PATH to make a
 * key, BouncyCastle (OpenPGP) run relocated in the shaded jar. Returns each format's signature
 * armor line as found in the pushed commit object.
 */
public final class SignProbe implements Function<String, String> {
  private static final String EMAIL = "bot@gitops.invalid";

  @Override
  public String apply(String directory) {
    try {
      Path root = Path.of(directory);
      StringBuilder result = new StringBuilder();
      result.append(promote(root, "ssh", rsaKey(root))).append('\n');
      Path pgp = pgpKey(root);
      if (pgp != null) {
        result.append(promote(root, "openpgp", pgp)).append('\n');
      }
      return result.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String promote(Path root, String name, Path key) throws Exception {
    CommitSigner signer = CommitSigners.load(new SigningSettings(key, null, null, null));
    Path rendered = root.resolve("rendered-" + name);
    Files.createDirectories(rendered);
    Files.writeString(rendered.resolve("configmap.yaml"), "kind: ConfigMap\n# " + name + "\n");
    Path repo = root.resolve("gitops-" + name + ".git");
    PromotionResult result =
        new Promoter(PromoterSettings.defaults().withWorkDirectory(root.resolve("work")))
            .promote(
                Promotion.of(repo.toString(), "main", "web", "dev", rendered)
                    .withAuthor(new GitIdentity("GitOps Bot", EMAIL))
                    .withSigner(signer),
                ProgressListener.NONE);
    String commit =
        run(Map.of(), "git", "--git-dir", repo.toString(), "cat-file", "commit", result.commit());
    int start = commit.indexOf("gpgsig ");
    return start < 0
        ? name + ": unsigned"
        : name + ": " + commit.substring(start, commit.indexOf('\n', start));
  }

  private static Path rsaKey(Path root) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
    Path file = root.resolve("signing-rsa.pem");
    Files.writeString(
        file,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(encoded)
            + "\n-----END PRIVATE KEY-----\n");
    return file;
  }

  /** An armored OpenPGP secret key from gpg, or null when gpg is not installed. */
  private static Path pgpKey(Path root) throws Exception {
    Path home = Files.createDirectories(root.resolve("gnupg"));
    home.toFile().setReadable(false, false);
    home.toFile().setReadable(true, true);
    home.toFile().setExecutable(false, false);
    home.toFile().setExecutable(true, true);
    Map<String, String> env = Map.of("GNUPGHOME", home.toString());
    try {
      run(
          env,
          "gpg",
          "--batch",
          "--passphrase",
          "",
          "--quick-gen-key",
          "Bot <" + EMAIL + ">",
          "ed25519",
          "sign",
          "never");
    } catch (java.io.IOException e) {
      return null;
    }
    Path file = root.resolve("signing.asc");
    Files.writeString(file, run(env, "gpg", "--batch", "--armor", "--export-secret-keys", EMAIL));
    run(env, "gpgconf", "--kill", "all");
    return file;
  }

  private static String run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(command));
    builder.environment().putAll(env);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new java.io.IOException(String.join(" ", command) + " failed");
    }
    return out;
  }
}
