package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Flux kustomize-controller's post-build substitution of one resource (fluxcd/pkg kustomize
 * varsub): variable names must match {@code ^[_[:alpha:]][_[:alpha:][:digit:]]*$}, newlines are
 * stripped from values, a resource labelled or annotated {@code
 * kustomize.toolkit.fluxcd.io/substitute: disabled} is left alone, and substitution runs on the
 * resource's YAML text only when there is at least one variable (or the strategy is Always).
 */
final class FluxSubstitution {
  static final String DISABLE_KEY = "kustomize.toolkit.fluxcd.io/substitute";
  static final String VAR_NAME_REGEX = "^[_[:alpha:]][_[:alpha:][:digit:]]*$";
  private static final Pattern VAR_NAME = Pattern.compile("[_A-Za-z][_A-Za-z0-9]*");

  /** A variable used in strict mode without a value, and where. */
  record Missing(String variable, String where) {}

  private final Map<String, String> vars;
  private final boolean strict;
  private final boolean always;

  /**
   * @param vars the variables in precedence order already applied (later layers won)
   * @param strict Flux's StrictPostBuildSubstitutions: an unset variable without a default fails
   * @param always {@code substituteStrategy: Always}: substitute even without variables
   */
  FluxSubstitution(Map<String, String> vars, boolean strict, boolean always)
      throws InvalidInputException {
    Map<String, String> cleaned = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : vars.entrySet()) {
      if (!VAR_NAME.matcher(e.getKey()).matches()) {
        throw new InvalidInputException(
            "'" + e.getKey() + "' var name is invalid, must match '" + VAR_NAME_REGEX + "'");
      }
      cleaned.put(e.getKey(), e.getValue() == null ? "" : e.getValue().replace("\n", ""));
    }
    this.vars = Map.copyOf(cleaned);
    this.strict = strict;
    this.always = always;
  }

  boolean active() {
    return !vars.isEmpty() || always;
  }

  /** The opt-out, read from the parsed document before it is converted. */
  static boolean disabled(org.snakeyaml.engine.v2.nodes.Node resource) {
    return "disabled".equals(ManifestYaml.scalarAt(resource, "metadata", "labels", DISABLE_KEY))
        || "disabled"
            .equals(ManifestYaml.scalarAt(resource, "metadata", "annotations", DISABLE_KEY));
  }

  static boolean disabled(Map<String, Object> resource) {
    if (!(resource.get("metadata") instanceof Map<?, ?> metadata)) {
      return false;
    }
    return "disabled".equals(valueOf(metadata.get("labels")))
        || "disabled".equals(valueOf(metadata.get("annotations")));
  }

  private static Object valueOf(Object map) {
    return map instanceof Map<?, ?> m ? m.get(DISABLE_KEY) : null;
  }

  /**
   * Substitutes into one resource's YAML text. Unset variables are added to {@code missing} in
   * strict mode (the caller reports them all at once) and read as empty.
   */
  String substitute(String yaml, String where, List<Missing> missing) throws InvalidInputException {
    List<String> unset = new ArrayList<>();
    Envsubst.Lookup lookup = strict ? vars::get : name -> vars.getOrDefault(name, "");
    String out;
    try {
      out = Envsubst.eval(yaml, lookup, unset::add);
    } catch (Envsubst.SubstitutionException e) {
      throw new InvalidInputException(
          where
              + ": variable substitution failed: "
              + e.getMessage()
              + "; check the ${...} expressions (write $${ for a literal ${)");
    }
    for (String name : unset) {
      missing.add(new Missing(name, where));
    }
    return out;
  }

  /**
   * Substitutes into the scalars of a parsed resource when that is provably what substituting its
   * serialised text and parsing it again (Flux's way, {@link #substitute}) gives, without the
   * serialisation and the second parse. That holds when every {@code $} of the serialised text is
   * inside a plain scalar of block context that, before and after expansion, is written as it is
   * and read back as one plain scalar: then the text-level expansion is the expansion of each such
   * scalar, and reading the result back is resolving each expanded value as a plain scalar. Null
   * whenever anything falls outside that (a {@code $} in a key, a quoted or flow-style value, a
   * value that would need quoting, an anchor, an expression error): the caller then takes Flux's
   * way, which also gives the exact error messages.
   */
  org.snakeyaml.engine.v2.nodes.Node substituteScalars(
      org.snakeyaml.engine.v2.nodes.Node resource, String where, List<Missing> missing) {
    if (!(resource instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
      return null;
    }
    List<String> unset = new ArrayList<>();
    Envsubst.Lookup lookup = strict ? vars::get : name -> vars.getOrDefault(name, "");
    ScalarExpansion expansion = new ScalarExpansion(lookup, unset);
    org.snakeyaml.engine.v2.nodes.Node out = expansion.node(resource, false);
    if (out == null) {
      return null;
    }
    for (String name : unset) {
      missing.add(new Missing(name, where));
    }
    return out;
  }

  static String describe(List<Missing> missing) {
    Map<String, List<String>> byVariable = new LinkedHashMap<>();
    for (Missing m : missing) {
      byVariable.computeIfAbsent(m.variable(), k -> new ArrayList<>()).add(m.where());
    }
    StringBuilder b = new StringBuilder();
    byVariable.forEach(
        (name, where) -> {
          if (b.length() > 0) {
            b.append("; ");
          }
          b.append(Envsubst.notSet(name))
              .append(" in ")
              .append(String.join(", ", where.stream().distinct().toList()));
        });
    return b
        + " (give the variable a value in the environment's values file or with --var NAME=VALUE,"
        + " or a default with ${NAME:=default})";
  }
}
