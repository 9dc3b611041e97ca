package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Refuses plaintext Kubernetes {@code Secret}s in rendered output: a core {@code v1} Secret with a
 * non-empty {@code data} or {@code stringData} passes only when SOPS encrypted it (a {@code sops}
 * block with {@code mac} and {@code lastmodified}, every value {@code ENC[...]}) or the {@link
 * SecretPolicy} allows it. Other kinds (SealedSecret, ExternalSecret, any CRD) pass: they hold no
 * usable plaintext. Messages name the Secret and its keys, never a value.
 */
public final class SecretGuard {
  private static final int MAX_SHOWN = 50;

  private SecretGuard() {}

  /** A plaintext Secret: its id ({@code NS/NAME} or {@code NAME}) and keys holding plaintext. */
  public record Finding(String id, String kind, String where, List<String> keys) {
    /** {@code namespace/kind/name} for messages. */
    public String describe() {
      int slash = id.indexOf('/');
      return slash < 0
          ? kind + "/" + id
          : id.substring(0, slash) + "/" + kind + id.substring(slash);
    }
  }

  /** Every plaintext Secret the policy does not allow, in input order. */
  public static List<Finding> findings(List<Manifest> manifests, SecretPolicy policy) {
    List<Finding> found = new ArrayList<>();
    for (Manifest m : manifests) {
      Finding f = plaintext(m);
      if (f != null && !policy.allows(f.id())) {
        found.add(f);
      }
    }
    return found;
  }

  /**
   * Refuses the manifests when they hold a plaintext Secret the policy does not allow.
   *
   * @throws InvalidInputException naming each Secret and its keys, never a value
   */
  public static void check(List<Manifest> manifests, SecretPolicy policy)
      throws InvalidInputException {
    List<Finding> found = findings(manifests, policy);
    if (!found.isEmpty()) {
      throw new InvalidInputException(message(found));
    }
  }

  /**
   * The plaintext Secrets in one YAML text (a file of a rendered directory) the policy does not
   * allow. A text that is not YAML holds nothing this guard can judge, except that one naming a
   * {@code Secret} which cannot be read is reported, since it cannot be shown to be safe.
   */
  public static List<Finding> findings(String yaml, String origin, SecretPolicy policy) {
    if (!yaml.contains("Secret") && yaml.indexOf('\\') < 0) {
      // A Secret's kind is spelled in its text unless escaped: most files need no parsing.
      return List.of();
    }
    List<Manifest> manifests = new ArrayList<>();
    try {
      for (ManifestYaml.Document doc : ManifestYaml.parseAll(yaml, origin)) {
        collect(ManifestYaml.toJava(doc.node(), origin), origin, manifests);
      }
    } catch (InvalidInputException | RuntimeException e) {
      if (yaml.contains("Secret") && !policy.allowPlain()) {
        return List.of(new Finding("?", "Secret", origin + ", not readable as YAML", List.of()));
      }
      return List.of();
    }
    return findings(manifests, policy);
  }

  /** The error refusing {@code found}, naming each Secret and its keys, never a value. */
  public static InvalidInputException refusal(List<Finding> found) {
    return new InvalidInputException(message(found));
  }

  static String message(List<Finding> found) {
    StringBuilder b =
        new StringBuilder("refusing to write ")
            .append(found.size())
            .append(found.size() == 1 ? " plaintext Secret" : " plaintext Secrets")
            .append(
                " (whatever is written ends up in Git or an artifact; encrypt it with SOPS, use a"
                    + " SealedSecret or an ExternalSecret, or allow it knowingly with --allow-secret"
                    + " NAMESPACE/NAME or --allow-plain-secrets; pipeline steps: allowSecrets,"
                    + " allowPlainSecrets):");
    found.stream()
        .limit(MAX_SHOWN)
        .forEach(
            f ->
                b.append("\n  - ")
                    .append(Printable.of(f.describe()))
                    .append(" (")
                    .append(Printable.of(f.where()))
                    .append(")")
                    .append(
                        f.keys().isEmpty()
                            ? ""
                            : ": keys " + Printable.of(String.join(", ", f.keys())))
                    .append("; allow with --allow-secret ")
                    .append(Printable.of(f.id())));
    if (found.size() > MAX_SHOWN) {
      b.append("\n  ... and ").append(found.size() - MAX_SHOWN).append(" more");
    }
    return b.toString();
  }

  /** The finding for a plaintext Secret, or null when the manifest is not one. */
  static Finding plaintext(Manifest m) {
    if (!isSecret(m.content())) {
      return null;
    }
    boolean sops = isSops(m.content());
    TreeSet<String> keys = new TreeSet<>();
    for (String field : List.of("data", "stringData")) {
      if (m.content().get(field) instanceof Map<?, ?> values) {
        for (Map.Entry<?, ?> e : values.entrySet()) {
          if (!(sops && isEncrypted(e.getValue()))) {
            keys.add(String.valueOf(e.getKey()));
          }
        }
      }
    }
    return keys.isEmpty() ? null : new Finding(id(m), "Secret", m.origin(), List.copyOf(keys));
  }

  /** A core {@code v1} Secret (not a CRD of the same kind name in another group). */
  static boolean isSecret(Map<String, Object> content) {
    return "Secret".equals(content.get("kind"))
        && content.get("apiVersion") instanceof String v
        && !v.contains("/");
  }

  /** SOPS's metadata block: {@code sops} with a {@code mac} and {@code lastmodified}. */
  static boolean isSops(Map<String, Object> content) {
    return content.get("sops") instanceof Map<?, ?> sops
        && sops.get("mac") instanceof String mac
        && !mac.isBlank()
        && sops.get("lastmodified") != null;
  }

  /** A SOPS-encrypted value: {@code ENC[AES256_GCM,data:...,type:...]}. */
  static boolean isEncrypted(Object value) {
    return value instanceof String s && s.startsWith("ENC[") && s.endsWith("]");
  }

  private static String id(Manifest m) {
    return m.namespace().isEmpty() ? m.name() : m.namespace() + "/" + m.name();
  }

  private static void collect(Object value, String origin, List<Manifest> out) {
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> content = (Map<String, Object>) map;
      if ("List".equals(content.get("kind")) && content.get("items") instanceof List<?> items) {
        items.forEach(item -> collect(item, origin, out));
      } else {
        out.add(new Manifest(content, origin));
      }
    }
  }
}
