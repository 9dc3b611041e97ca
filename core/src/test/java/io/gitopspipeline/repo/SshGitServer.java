package io.gitopspipeline.repo;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.git.GitLocationResolver;
import org.apache.sshd.git.pack.GitPackCommandFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * A real SSH git server for tests: Apache MINA sshd on 127.0.0.1 with sshd-git's pack commands,
 * public key authentication for one client key, and its own host key.
 */
final class SshGitServer implements AutoCloseable {
  private final SshServer sshd;
  private final KeyPair hostKey;

  SshGitServer(Path root, PublicKey authorizedKey) throws Exception {
    this(authorizedKey, new GitPackCommandFactory(GitLocationResolver.constantPath(root)));
  }

  /**
   * A server that runs the real git CLI ({@code git upload-pack} / {@code git receive-pack}) for
   * each request, hooks included, so its exact messages reach the client.
   */
  static SshGitServer runningGitCli(Path git, PublicKey authorizedKey) throws Exception {
    Pattern request = Pattern.compile("git-(upload-pack|receive-pack) '(/[^']*)'");
    CommandFactory factory =
        (channel, command) -> {
          Matcher matcher = request.matcher(command);
          if (!matcher.matches()) {
            throw new java.io.IOException("unsupported command: " + command);
          }
          return new ProcessShellFactory(
                  command, List.of(git.toString(), matcher.group(1), matcher.group(2)))
              .createShell(channel);
        };
    return new SshGitServer(authorizedKey, factory);
  }

  private SshGitServer(PublicKey authorizedKey, CommandFactory commands) throws Exception {
    hostKey = newKeyPair();
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> "git".equals(user) && KeyUtils.compareKeys(authorizedKey, key));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory(commands);
    sshd.start();
  }

  static KeyPair newKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** Writes {@code keys}' private key in OpenSSH format, as ssh-keygen would. */
  static Path writePrivateKey(KeyPair keys, Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keys, "test", null, out);
    }
    return file;
  }

  /** Writes {@code keys}' private key encrypted with {@code passphrase} (bcrypt KDF, AES-256). */
  static Path writeEncryptedPrivateKey(KeyPair keys, String passphrase, Path file)
      throws Exception {
    var encryption =
        new org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext();
    encryption.setPassword(passphrase);
    encryption.setCipherName("AES");
    encryption.setCipherMode("CTR");
    encryption.setCipherType("256");
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keys, "test", encryption, out);
    }
    return file;
  }

  int port() {
    return sshd.getPort();
  }

  String url(String repository) {
    return "ssh://git@127.0.0.1:" + port() + "/" + repository;
  }

  /** A known_hosts line for this server, or for the same address with another key. */
  String knownHostsLine(PublicKey key) {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n";
  }

  PublicKey hostKey() {
    return hostKey.getPublic();
  }

  @Override
  public void close() throws Exception {
    sshd.stop(true);
  }
}
