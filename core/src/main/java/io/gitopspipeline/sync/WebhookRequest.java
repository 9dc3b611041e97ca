package io.gitopspipeline.sync;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP request as any host sees it (Jenkins' Stapler, the Jetty server of {@code gitops sync}).
 *
 * @param method the HTTP method
 * @param path the request path, e.g. {@code /gitops-webhook/flux}; its last segment may name the
 *     source ({@code flux}, {@code argocd}, {@code gitopsphase})
 * @param headers the headers (first value of each); looked up ignoring case
 * @param body the exact body bytes (signatures are checked over them); a host stops reading at
 *     {@link WebhookHandler#maxBodyBytes()} + 1 bytes
 */
public record WebhookRequest(String method, String path, Map<String, String> headers, byte[] body) {
  public WebhookRequest {
    Objects.requireNonNull(method, "method");
    path = path == null ? "/" : path;
    TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              caseInsensitive.putIfAbsent(k, v);
            }
          });
    }
    headers = java.util.Collections.unmodifiableMap(caseInsensitive);
    body = body == null ? new byte[0] : body;
  }

  /** The header's value, ignoring the name's case, or null. */
  public String header(String name) {
    return headers.get(name);
  }
}
