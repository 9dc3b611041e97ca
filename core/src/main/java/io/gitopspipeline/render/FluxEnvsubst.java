package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import java.util.Map;

/**
 * Flux's envsubst on any text, like {@code flux envsubst [--strict]}: for scripts and callers that
 * have YAML text rather than a source directory. {@link Renderer} applies the same expansion
 * resource by resource, with Flux's opt-out label and variable-name rules.
 */
public final class FluxEnvsubst {
  private FluxEnvsubst() {}

  /**
   * Expands every {@code ${...}} expression.
   *
   * @param strict fail on a variable that is not set and has no default operator
   * @throws InvalidInputException a malformed expression, or an unset variable in strict mode
   */
  public static String expand(String text, Map<String, String> vars, boolean strict)
      throws InvalidInputException {
    try {
      return Envsubst.eval(text, vars, strict);
    } catch (Envsubst.SubstitutionException e) {
      throw new InvalidInputException("variable substitution failed: " + e.getMessage());
    }
  }
}
