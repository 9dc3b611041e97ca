package io.gitopspipeline.image;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference, parsed and normalised the way {@code docker} and the container ecosystem do
 * it: the grammar and rules of {@code github.com/distribution/reference} ({@code
 * ParseNormalizedNamed}), so {@code nginx} is {@code docker.io/library/nginx}.
 *
 * <p>Parse with {@link #parse}. A reference may carry a tag, a digest, both, or neither; {@link
 * #manifestReference()} gives what a registry is asked for (the digest if there is one, else the
 * tag, else {@code latest}).
 *
 * @param registry the registry host with optional port, e.g. {@code docker.io}, {@code
 *     127.0.0.1:5000}, {@code [::1]:5000}; empty only for the rare names the grammar cannot split
 *     (e.g. {@code foo_bar.com/app}), which have no registry to contact
 * @param repository the repository path inside the registry, e.g. {@code library/nginx}
 * @param tag the tag, or {@code null}
 * @param digest the digest ({@code sha256:<64 hex>} or {@code sha512:<128 hex>}), or {@code null}
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  /** Docker Hub's canonical domain; familiar names live there. */
  public static final String DOCKER_HUB = "docker.io";

  /** The tag a reference without tag or digest stands for. */
  public static final String DEFAULT_TAG = "latest";

  /** Longest repository path the grammar allows ({@code RepositoryNameTotalLengthMax}). */
  public static final int MAX_REPOSITORY_LENGTH = 255;

  /**
   * Longest input parsed at all. The grammar has no overall limit, but no reference that names a
   * real host (at most 253 characters), a 255-character path, a 128-character tag and a sha512
   * digest comes near it; the cap keeps hostile input cheap.
   */
  static final int MAX_INPUT_LENGTH = 4096;

  private static final String LEGACY_DOCKER_HUB = "index.docker.io";
  private static final String OFFICIAL_PREFIX = "library/";

  // The grammar of distribution/reference (reference.go, regexp.go):
  //   reference := name [ ":" tag ] [ "@" digest ]
  //   name      := [domain "/"] path-component ["/" path-component]*
  //   domain    := (domain-name | "[" [a-fA-F0-9:]+ "]") [":" [0-9]+]
  //   domain-name := domain-component ["." domain-component]*
  //   domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
  //   path-component := [a-z0-9]+ ([._] | "__" | "-"+ [a-z0-9]+)*
  //   tag       := [\w][\w.-]{0,127}
  //   digest    := [A-Za-z][A-Za-z0-9]* ([-_+.][A-Za-z][A-Za-z0-9]*)* ":" [0-9a-fA-F]{32,}
  // It is matched by a linear scan rather than java.util.regex, which recurses once per repeated
  // group and overflows the stack on long hostile input. The scan takes the same decisions as the
  // leftmost-first regular expression: a ":" after the last "/" starts the tag, the first segment
  // is the domain when it is one and the rest is a valid path, else the whole name is the path.
  private static final Pattern ANCHORED_TAG = Pattern.compile("^[\\w][\\w.-]{0,127}$");
  private static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");
  private static final Pattern DOMAIN_COMPONENT =
      Pattern.compile("[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]");
  private static final Pattern SEPARATOR = Pattern.compile("[._]|__|-+");
  private static final Pattern SEPARATOR_RUN = Pattern.compile("[._-]+");

  /** Validates the parts; {@link #parse} is the way to build a reference from text. */
  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!registry.isEmpty() && domainProblem(registry) != null) {
      throw new IllegalArgumentException("invalid registry '" + registry + "'");
    }
    if (repository.length() > MAX_REPOSITORY_LENGTH || remoteNameProblem(repository) != null) {
      throw new IllegalArgumentException("invalid repository '" + repository + "'");
    }
    if (tag != null && !ANCHORED_TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag '" + tag + "'");
    }
    if (digest != null && digestProblem(digest) != null) {
      throw new IllegalArgumentException("invalid digest '" + digest + "'");
    }
  }

  /**
   * Parses and normalises a reference like {@code docker pull} does: {@code nginx} becomes {@code
   * docker.io/library/nginx}, {@code index.docker.io/x/y} becomes {@code docker.io/x/y}. No default
   * tag is added, and a tag given together with a digest is kept.
   *
   * @throws InvalidImageReferenceException naming the offending part and why
   */
  public static ImageReference parse(String text) throws InvalidImageReferenceException {
    if (text == null || text.isEmpty()) {
      throw new InvalidImageReferenceException(
          "image reference is empty; write it as [registry[:port]/]name[:tag][@digest]");
    }
    if (text.length() > MAX_INPUT_LENGTH) {
      throw invalid(
          text,
          "it is "
              + text.length()
              + " characters long; a reference has at most "
              + MAX_INPUT_LENGTH);
    }
    if (IDENTIFIER.matcher(text).matches()) {
      throw invalid(
          text,
          "a 64-hex identifier alone is not a repository name; write it as name@sha256:<hex>");
    }
    String[] split = splitDockerDomain(text);
    String remainder = split[1];
    int colon = remainder.indexOf(':');
    String remote = colon >= 0 ? remainder.substring(0, colon) : remainder;
    if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
      String slashInTag = tagWithSlashProblem(text);
      if (slashInTag != null) {
        throw invalid(text, slashInTag);
      }
      int at = remote.indexOf('@');
      throw invalid(
          text,
          "repository name '"
              + quoted(at >= 0 ? remote.substring(0, at) : remote)
              + "' must be lowercase");
    }
    String full = split[0] + "/" + remainder;
    Match match = match(full);
    if (match.problem() != null) {
      throw invalid(text, explain(text, match.problem()));
    }
    String registry = match.registry();
    String path = match.path();
    if (path.length() > MAX_REPOSITORY_LENGTH) {
      throw invalid(
          text,
          "repository name '"
              + quoted(path)
              + "' is "
              + path.length()
              + " characters long; it must not be more than "
              + MAX_REPOSITORY_LENGTH);
    }
    return new ImageReference(registry, path, match.tag(), match.digest());
  }

  /** Whether {@code tag} is a valid tag ({@code [\w][\w.-]{0,127}}). */
  public static boolean isValidTag(String tag) {
    return tag != null && ANCHORED_TAG.matcher(tag).matches();
  }

  /**
   * Checks a tag against the grammar.
   *
   * @throws InvalidImageReferenceException saying which character or rule the tag breaks
   */
  public static void validateTag(String tag) throws InvalidImageReferenceException {
    if (tag == null) {
      throw new InvalidImageReferenceException("tag is missing");
    }
    if (!isValidTag(tag)) {
      String problem = tagProblem(tag);
      throw new InvalidImageReferenceException(
          problem != null ? problem : "tag '" + quoted(tag) + "' is not a valid tag");
    }
  }

  /** {@code registry/repository}, without tag or digest: the name {@code docker} uses. */
  public String name() {
    return registry.isEmpty() ? repository : registry + "/" + repository;
  }

  /** The fully-qualified reference, e.g. {@code docker.io/library/nginx:1.27}. */
  @Override
  public String toString() {
    return name() + suffix();
  }

  /** The short form {@code docker} prints, e.g. {@code nginx:1.27} for Docker Hub images. */
  public String familiar() {
    return familiarName() + suffix();
  }

  /** The familiar name without tag or digest, e.g. {@code nginx} or {@code ghcr.io/o/app}. */
  public String familiarName() {
    if (!registry.equals(DOCKER_HUB)) {
      return name();
    }
    if (repository.startsWith(OFFICIAL_PREFIX)) {
      String rest = repository.substring(OFFICIAL_PREFIX.length());
      if (rest.indexOf('/') < 0) {
        return rest;
      }
    }
    return repository;
  }

  /** What to ask the registry's manifest endpoint for: the digest, else the tag, else latest. */
  public String manifestReference() {
    if (digest != null) {
      return digest;
    }
    return tag != null ? tag : DEFAULT_TAG;
  }

  /** This repository with the given tag and no digest. */
  public ImageReference withTag(String newTag) throws InvalidImageReferenceException {
    validateTag(newTag);
    return new ImageReference(registry, repository, newTag, null);
  }

  /** This repository pinned to {@code newDigest}, keeping the tag for readability. */
  public ImageReference withDigest(String newDigest) throws InvalidImageReferenceException {
    String problem = newDigest == null ? "digest is missing" : digestProblem(newDigest);
    if (problem != null) {
      throw new InvalidImageReferenceException(problem);
    }
    return new ImageReference(registry, repository, tag, newDigest);
  }

  /** This repository without tag or digest. */
  public ImageReference repositoryOnly() {
    return new ImageReference(registry, repository, null, null);
  }

  private String suffix() {
    return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  // normalize.go splitDockerDomain: decides whether the first path segment is a registry.
  private static String[] splitDockerDomain(String name) {
    int slash = name.indexOf('/');
    if (slash < 0) {
      return new String[] {DOCKER_HUB, OFFICIAL_PREFIX + name};
    }
    String maybeDomain = name.substring(0, slash);
    String rest = name.substring(slash + 1);
    String domain;
    String remote;
    if (maybeDomain.equals("localhost")) {
      domain = maybeDomain;
      remote = rest;
    } else if (maybeDomain.equals(LEGACY_DOCKER_HUB)) {
      domain = DOCKER_HUB;
      remote = rest;
    } else if (maybeDomain.indexOf('.') >= 0
        || maybeDomain.indexOf(':') >= 0
        || !maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
      domain = maybeDomain;
      remote = rest;
    } else {
      domain = DOCKER_HUB;
      remote = name;
    }
    if (domain.equals(DOCKER_HUB) && remote.indexOf('/') < 0) {
      remote = OFFICIAL_PREFIX + remote;
    }
    return new String[] {domain, remote};
  }

  /** go-digest's validation: a registered algorithm (sha256, sha512) and its exact hex length. */
  static String digestProblem(String digest) {
    int colon = digest.indexOf(':');
    if (colon <= 0 || colon == digest.length() - 1) {
      return "digest '"
          + quoted(digest)
          + "' is not algorithm:hex; write it as sha256:<64 hex digits>";
    }
    String algorithm = digest.substring(0, colon);
    String hex = digest.substring(colon + 1);
    String algorithmProblem = algorithmProblem(algorithm);
    if (algorithmProblem != null) {
      return "digest algorithm '" + quoted(algorithm) + "' " + algorithmProblem;
    }
    for (int i = 0; i < hex.length(); i++) {
      if (!isHex(hex.charAt(i))) {
        return "digest '"
            + quoted(digest)
            + "' has "
            + describe(hex.charAt(i))
            + ", which is not a hex digit";
      }
    }
    if (hex.length() < 32) {
      return "digest '" + quoted(digest) + "' is too short; the hex part needs at least 32 digits";
    }
    int expected =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha512" -> 128;
          default -> -1;
        };
    if (expected < 0) {
      return "digest algorithm '" + quoted(algorithm) + "' is not supported; use sha256 or sha512";
    }
    if (hex.length() != expected) {
      return "digest '"
          + quoted(digest)
          + "' has "
          + hex.length()
          + " hex digits; "
          + algorithm
          + " needs exactly "
          + expected;
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (c >= 'A' && c <= 'F') {
        return "digest '" + quoted(digest) + "' must use lowercase hex digits";
      }
    }
    return null;
  }

  private static String tagProblem(String tag) {
    if (tag.isEmpty()) {
      return "tag is empty; remove the ':' or write a tag after it";
    }
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (!(isWord(c) || c == '.' || c == '-')) {
        return "tag '"
            + quoted(tag)
            + "' has "
            + describe(c)
            + ", which a tag cannot contain (allowed: letters, digits, '_', '.' and '-')";
      }
    }
    if (!isWord(tag.charAt(0))) {
      return "tag '"
          + quoted(tag)
          + "' starts with "
          + describe(tag.charAt(0))
          + "; a tag must start with a letter, digit or '_'";
    }
    if (tag.length() > 128) {
      return "tag '"
          + quoted(tag)
          + "' is "
          + tag.length()
          + " characters long; a tag has at most 128";
    }
    return null;
  }

  private record Match(String registry, String path, String tag, String digest, String problem) {
    static Match rejected(String problem) {
      return new Match(null, null, null, null, problem);
    }
  }

  // ReferenceRegexp followed by anchoredNameRegexp, as a linear scan (see the grammar above).
  private static Match match(String full) {
    String namePart = full;
    String digest = null;
    int at = full.indexOf('@');
    if (at >= 0) {
      namePart = full.substring(0, at);
      digest = full.substring(at + 1);
      if (digest.indexOf('@') >= 0) {
        return Match.rejected("it has more than one '@'; only one digest may follow the name");
      }
      if (digest.isEmpty()) {
        return Match.rejected("the digest after '@' is empty");
      }
      String problem = digestProblem(digest);
      if (problem != null) {
        return Match.rejected(problem);
      }
    }
    String name = namePart;
    String tag = null;
    int lastColon = namePart.lastIndexOf(':');
    if (lastColon > namePart.lastIndexOf('/')) {
      name = namePart.substring(0, lastColon);
      tag = namePart.substring(lastColon + 1);
      String problem = tagProblem(tag);
      if (problem != null) {
        return Match.rejected(problem);
      }
    }
    if (name.isEmpty()) {
      return Match.rejected("the repository name is empty");
    }
    int firstSlash = name.indexOf('/');
    String domainProblem = null;
    String restProblem = null;
    if (firstSlash > 0) {
      String domain = name.substring(0, firstSlash);
      String rest = name.substring(firstSlash + 1);
      domainProblem = domainProblem(domain);
      restProblem = remoteNameProblem(rest);
      if (domainProblem == null && restProblem == null) {
        return new Match(domain, rest, tag, digest, null);
      }
    }
    String wholeProblem = remoteNameProblem(name);
    if (wholeProblem == null) {
      return new Match("", name, tag, digest, null);
    }
    if (domainProblem != null) {
      return Match.rejected(domainProblem);
    }
    return Match.rejected(restProblem != null ? restProblem : wholeProblem);
  }

  // Picks the most helpful reason for a rejected reference.
  private static String explain(String text, String problem) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return "it contains " + describe(c) + " at position " + (i + 1);
      }
    }
    int at = text.indexOf('@');
    String namePart = at >= 0 ? text.substring(0, at) : text;
    if (namePart.indexOf('/') < 0 && namePart.startsWith("[")) {
      return "'"
          + quoted(namePart)
          + "' is a registry host without a repository; add a path, e.g. "
          + quoted(namePart)
          + "/app";
    }
    String slashInTag = tagWithSlashProblem(text);
    return slashInTag != null ? slashInTag : problem;
  }

  private static String remoteNameProblem(String path) {
    int start = 0;
    while (true) {
      int slash = path.indexOf('/', start);
      String problem =
          pathComponentProblem(slash < 0 ? path.substring(start) : path.substring(start, slash));
      if (problem != null) {
        return problem;
      }
      if (slash < 0) {
        return null;
      }
      start = slash + 1;
    }
  }

  private static String algorithmProblem(String algorithm) {
    boolean componentStart = true;
    for (int i = 0; i < algorithm.length(); i++) {
      char c = algorithm.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean digit = c >= '0' && c <= '9';
      boolean separator = c == '-' || c == '_' || c == '+' || c == '.';
      if (componentStart ? !letter : !(letter || digit || separator)) {
        return "is not a valid algorithm name (letters and digits, starting with a letter)";
      }
      componentStart = separator;
    }
    return componentStart ? "is not a valid algorithm name" : null;
  }

  /**
   * Recognises {@code app:feature/x}: a first segment with a non-numeric "port" and no dot is a
   * name with a tag that contains '/', not a registry.
   */
  private static String tagWithSlashProblem(String text) {
    int at = text.indexOf('@');
    String namePart = at >= 0 ? text.substring(0, at) : text;
    int firstSlash = namePart.indexOf('/');
    if (firstSlash <= 0) {
      return null;
    }
    String first = namePart.substring(0, firstSlash);
    int colon = first.indexOf(':');
    if (colon <= 0 || first.startsWith("[") || first.indexOf('.') >= 0) {
      return null;
    }
    String port = first.substring(colon + 1);
    if (!port.isEmpty() && port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    String tag = namePart.substring(colon + 1);
    return tagProblem(tag);
  }

  private static String domainProblem(String domain) {
    String host = domain;
    String port = null;
    if (domain.startsWith("[")) {
      int close = domain.indexOf(']');
      if (close < 0) {
        return "registry host '" + quoted(domain) + "' opens '[' without closing it";
      }
      host = domain.substring(0, close + 1);
      String after = domain.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          return "registry host '" + quoted(domain) + "' has text after ']' that is not a :port";
        }
        port = after.substring(1);
      }
      String inner = host.substring(1, host.length() - 1);
      if (inner.isEmpty() || !inner.chars().allMatch(c -> c == ':' || isHex((char) c))) {
        return "registry host '"
            + quoted(host)
            + "' is not an IPv6 address (only hex digits and ':' in brackets)";
      }
    } else {
      int colon = domain.lastIndexOf(':');
      if (colon >= 0) {
        host = domain.substring(0, colon);
        port = domain.substring(colon + 1);
      }
      if (host.isEmpty()) {
        return "registry '" + quoted(domain) + "' has no host name";
      }
      for (String component : host.split("\\.", -1)) {
        if (component.isEmpty()) {
          return "registry host '" + quoted(host) + "' has an empty component (check the dots)";
        }
        if (!DOMAIN_COMPONENT.matcher(component).matches()) {
          return "registry host '"
              + quoted(host)
              + "' has the component '"
              + quoted(component)
              + "'; host name components are letters, digits and inner '-'";
        }
      }
    }
    if (port != null && (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9'))) {
      return "registry port '" + quoted(port) + "' in '" + quoted(domain) + "' must be a number";
    }
    return null;
  }

  private static String pathComponentProblem(String component) {
    if (component.isEmpty()) {
      return "the repository path has an empty component (a leading, trailing or double '/')";
    }
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return "repository name component '" + quoted(component) + "' must be lowercase";
      }
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
        return "repository name component '"
            + quoted(component)
            + "' has "
            + describe(c)
            + ", which a repository name cannot contain (allowed: a-z, 0-9 and the separators"
            + " '.', '_', '__', '-')";
      }
    }
    if (!isLowerAlnum(component.charAt(0))
        || !isLowerAlnum(component.charAt(component.length() - 1))) {
      return "repository name component '"
          + quoted(component)
          + "' must start and end with a lowercase letter or digit";
    }
    Matcher separators = SEPARATOR_RUN.matcher(component);
    while (separators.find()) {
      String sep = separators.group();
      if (!SEPARATOR.matcher(sep).matches()) {
        return "repository name component '"
            + quoted(component)
            + "' has the separator '"
            + sep
            + "'; separators are one '.', one or two '_', or any number of '-'";
      }
    }
    return null;
  }

  private static boolean isWord(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static String describe(char c) {
    if (c >= 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("the character U+%04X", (int) c);
  }

  /** Text safe to put in a message: printable ASCII kept, the rest escaped, long input cut. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder();
    int limit = Math.min(text.length(), 200);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    if (text.length() > limit) {
      out.append("...");
    }
    return out.toString();
  }

  private static InvalidImageReferenceException invalid(String text, String why) {
    return new InvalidImageReferenceException(
        "image reference '" + quoted(text) + "' is invalid: " + why);
  }
}
