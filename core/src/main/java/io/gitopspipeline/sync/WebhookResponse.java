package io.gitopspipeline.sync;

/**
 * What to answer: a status code and a JSON object ({@code application/json}).
 *
 * <ul>
 *   <li>200 events accepted, 202 payload ignored (with the reason), 400 malformed (with the
 *       reason), 401 not authenticated, 405 not POST, 413 body too large, 415 not {@code
 *       application/json}; {@link WebhookServer} adds 404 (not one of its paths) and 408 (the body
 *       did not arrive in time).
 * </ul>
 */
public record WebhookResponse(int status, String json) {
  public static final String CONTENT_TYPE = "application/json";
}
