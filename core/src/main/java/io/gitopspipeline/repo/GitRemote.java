package io.gitopspipeline.repo;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.api.Urls;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * The GitOps repository's remote as JGit reaches it: the URL, and the transport settings the
 * credentials call for. SSH goes through JGit's Apache MINA sshd transport with a session factory
 * of our own, so that only the given key and known_hosts file are used and ~/.ssh/config cannot
 * weaken host key checking. Over HTTP(S), credentials (given, or the user-info of the URL) go only
 * to the URL's own origin: a redirect elsewhere is refused, and the URL JGit works with (and may
 * record, e.g. in FETCH_HEAD) carries no user-info.
 */
final class GitRemote implements AutoCloseable {
  private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Pattern SCP_LIKE = Pattern.compile("^([^/@:]+@)?[^/:]{2,}:.*");

  /** A user name this long may well be a token given as the user ({@code https://TOKEN@host}). */
  private static final int TOKEN_LIKE_LENGTH = 8;

  private final URIish uri;
  private final Path localPath;
  private final GitCredentials credentials;
  private final int timeoutSeconds;
  private SshdSessionFactory sshSessionFactory;

  private GitRemote(
      URIish uri, Path localPath, GitCredentials credentials, Duration networkTimeout) {
    this.uri = uri;
    this.localPath = localPath;
    this.credentials = credentials;
    this.timeoutSeconds =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, networkTimeout.toSeconds()));
  }

  static GitRemote of(String repository, GitCredentials credentials, Duration networkTimeout)
      throws InvalidInputException {
    if (repository == null || repository.isBlank()) {
      throw new InvalidInputException("the GitOps repository (--repo) is empty");
    }
    try {
      if (URL_SCHEME.matcher(repository).matches() || SCP_LIKE.matcher(repository).matches()) {
        URIish uri = new URIish(repository);
        Path local =
            "file".equals(uri.getScheme()) ? Path.of(uri.getPath()).toAbsolutePath() : null;
        return new GitRemote(uri, local, credentials, networkTimeout);
      }
      Path local = Path.of(repository).toAbsolutePath().normalize();
      return new GitRemote(new URIish(local.toString()), local, credentials, networkTimeout);
    } catch (URISyntaxException | java.nio.file.InvalidPathException e) {
      throw new InvalidInputException(
          "GitOps repository '"
              + Urls.maskUserInfo(repository)
              + "' is not a URL or path git understands");
    }
  }

  /** The remote for messages: no user-info (an HTTP user may be a token), even when given. */
  String display() {
    return Urls.maskUserInfo(uri.setPass(null).toString());
  }

  /** A local path (plain or {@code file://}), else {@code null}. */
  Path localPath() {
    return localPath;
  }

  /** Opens a transport from {@code local} to the remote with the credentials applied. */
  Transport open(Repository local) throws TransportException {
    boolean http = HttpOrigin.isHttp(uri);
    Transport transport;
    try {
      transport = Transport.open(local, http ? uri.setUser(null).setPass(null) : uri);
    } catch (org.eclipse.jgit.errors.NotSupportedException e) {
      throw new TransportException(display() + ": unsupported transport: " + e.getMessage());
    }
    transport.setTimeout(timeoutSeconds);
    transport.setTagOpt(TagOpt.NO_TAGS);
    if (transport instanceof TransportHttp httpTransport) {
      HttpOrigin origin = HttpOrigin.of(uri);
      httpTransport.setHttpConnectionFactory(
          origin.guard(httpTransport.getHttpConnectionFactory()));
      transport.setCredentialsProvider(httpCredentials(origin));
    } else if (credentials instanceof GitCredentials.UsernamePassword basic) {
      transport.setCredentialsProvider(
          new UsernamePasswordCredentialsProvider(basic.username(), basic.password().reveal()));
    }
    if (transport instanceof SshTransport ssh && credentials instanceof GitCredentials.SshKey key) {
      ssh.setSshSessionFactory(sshSessionFactory(key));
      transport.setCredentialsProvider(new PassphraseProvider(key.passphrase()));
    }
    return transport;
  }

  /** The given user and password, else the URL's user-info (a lone user may be a token). */
  private OriginCredentialsProvider httpCredentials(HttpOrigin origin) {
    if (credentials instanceof GitCredentials.UsernamePassword basic) {
      return new OriginCredentialsProvider(origin, basic.username(), basic.password());
    }
    if (uri.getUser() != null && !uri.getUser().isEmpty()) {
      String password = uri.getPass() == null ? "" : uri.getPass();
      return new OriginCredentialsProvider(origin, uri.getUser(), Secret.of(password));
    }
    return new OriginCredentialsProvider(origin, null, null);
  }

  /** Removes every secret this remote knows from a message of JGit or a server. */
  String redact(String message) {
    if (message == null) {
      return "";
    }
    String result = message;
    List<String> secrets = new ArrayList<>();
    if (uri.getPass() != null && !uri.getPass().isEmpty()) {
      secrets.add(uri.getPass());
    }
    if (HttpOrigin.isHttp(uri)
        && uri.getUser() != null
        && uri.getUser().length() >= TOKEN_LIKE_LENGTH) {
      secrets.add(uri.getUser());
    }
    if (credentials instanceof GitCredentials.UsernamePassword basic) {
      secrets.add(basic.password().reveal());
    }
    if (credentials instanceof GitCredentials.SshKey key && key.passphrase() != null) {
      secrets.add(key.passphrase().reveal());
    }
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        result = result.replace(secret, "******");
      }
    }
    return Urls.maskUserInfo(result);
  }

  private synchronized SshdSessionFactory sshSessionFactory(GitCredentials.SshKey key)
      throws TransportException {
    if (sshSessionFactory == null) {
      File home = FS.DETECTED.userHome();
      Path sshDir = home.toPath().resolve(".ssh");
      Path knownHosts = key.knownHosts() != null ? key.knownHosts() : sshDir.resolve("known_hosts");
      Path identity = key.privateKey().toAbsolutePath();
      String strict = key.acceptNewHostKeys() ? "accept-new" : "yes";
      if (key.acceptNewHostKeys() && !Files.exists(knownHosts)) {
        // JGit would ask before creating the file, and nobody answers in a pipeline.
        try {
          Files.createDirectories(knownHosts.toAbsolutePath().getParent());
          Files.createFile(knownHosts);
        } catch (IOException e) {
          throw new TransportException(
              uri, "cannot create the known_hosts file " + knownHosts + ": " + e.getMessage(), e);
        }
      }
      sshSessionFactory =
          new SshdSessionFactoryBuilder()
              .setHomeDirectory(home)
              .setSshDirectory(sshDir.toFile())
              .setPreferredAuthentications("publickey")
              .setDefaultIdentities(dir -> List.of(identity))
              .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
              .setConfigStoreFactory(
                  (homeDir, configFile, localUser) ->
                      new FixedSshConfig(identity, knownHosts, strict, localUser))
              .build(null);
    }
    return sshSessionFactory;
  }

  @Override
  public synchronized void close() {
    if (sshSessionFactory != null) {
      sshSessionFactory.close();
      sshSessionFactory = null;
    }
  }

  /** The OpenSSH options every connection uses, whatever ~/.ssh/config says. */
  private record FixedSshConfig(Path identity, Path knownHosts, String strict, String localUser)
      implements SshConfigStore {
    @Override
    public HostConfig lookup(String hostName, int port, String userName) {
      Map<String, String> options = new HashMap<>();
      options.put("HostName", hostName);
      options.put("Port", Integer.toString(port > 0 ? port : 22));
      options.put("User", userName != null && !userName.isEmpty() ? userName : localUser);
      options.put("IdentityFile", identity.toString());
      options.put("IdentitiesOnly", "yes");
      options.put("UserKnownHostsFile", knownHosts.toString());
      options.put("GlobalKnownHostsFile", "none");
      options.put("StrictHostKeyChecking", strict);
      options.put("HashKnownHosts", "no");
      options.put("BatchMode", "yes");
      return new HostConfig() {
        @Override
        public String getValue(String key) {
          return options.get(canonical(key));
        }

        @Override
        public List<String> getValues(String key) {
          String value = getValue(key);
          return value == null ? List.of() : List.of(value);
        }

        @Override
        public Map<String, String> getOptions() {
          return Map.copyOf(options);
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
          Map<String, List<String>> multi = new HashMap<>();
          multi.put("IdentityFile", List.of(identity.toString()));
          multi.put("UserKnownHostsFile", List.of(knownHosts.toString()));
          multi.put("GlobalKnownHostsFile", List.of());
          return multi;
        }

        private String canonical(String key) {
          for (String known : options.keySet()) {
            if (known.equalsIgnoreCase(key)) {
              return known;
            }
          }
          return key;
        }
      };
    }

    @Override
    public HostConfig lookupDefault(String hostName, int port, String userName) {
      return lookup(hostName, port, userName);
    }
  }

  /** Answers the key passphrase prompt; declines every other question (e.g. "update key?"). */
  private static final class PassphraseProvider extends CredentialsProvider {
    private final Secret passphrase;

    PassphraseProvider(Secret passphrase) {
      this.passphrase = passphrase;
    }

    @Override
    public boolean isInteractive() {
      return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
      for (CredentialItem item : items) {
        if (!(item instanceof CredentialItem.Password)
            && !(item instanceof CredentialItem.YesNoType)
            && !(item instanceof CredentialItem.InformationalMessage)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
      for (CredentialItem item : items) {
        if (item instanceof CredentialItem.Password password) {
          if (passphrase == null) {
            return false;
          }
          password.setValue(passphrase.reveal().toCharArray());
        } else if (item instanceof CredentialItem.YesNoType yesNo) {
          yesNo.setValue(false);
        } else if (!(item instanceof CredentialItem.InformationalMessage)) {
          throw new UnsupportedCredentialItem(uri, item.getPromptText());
        }
      }
      return true;
    }
  }
}
