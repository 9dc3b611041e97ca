package io.gitopspipeline.scm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.GitOpsException;

/**
 * Reads the fields a provider's API always sends in one kind of answer, failing with a message that
 * names the provider and the field when the answer lacks one, instead of carrying a zero or a null
 * on until something breaks far away.
 *
 * @param what the answer read, as the message shows it, e.g. {@code with a pull request}
 */
public record JsonFields(ProviderType type, RepositoryId repository, String what) {
  /** The positive whole number at {@code path} (dot-separated, e.g. {@code id}). */
  public long number(JsonNode node, String path) throws GitOpsException {
    JsonNode value = at(node, path);
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
      throw missing(path);
    }
    return value.asLong();
  }

  /** The non-empty text at {@code path} (dot-separated, e.g. {@code head.ref}). */
  public String text(JsonNode node, String path) throws GitOpsException {
    JsonNode value = at(node, path);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw missing(path);
    }
    return value.asText();
  }

  /** {@code node} itself, when it is a JSON object. */
  public JsonNode object(JsonNode node) throws GitOpsException {
    if (node == null || !node.isObject()) {
      throw ScmFailures.malformed(type, repository, what, "JSON object");
    }
    return node;
  }

  private JsonNode at(JsonNode node, String path) throws GitOpsException {
    JsonNode value = object(node);
    for (String name : path.split("\\.")) {
      value = value.path(name);
    }
    return value;
  }

  private GitOpsException missing(String path) {
    return ScmFailures.malformed(type, repository, what, path);
  }
}
