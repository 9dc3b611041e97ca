/**
 * Pull-request webhooks of the SCM providers: one {@link
 * io.gitopspipeline.scm.webhook.ScmEventParser} per provider (its own authentication, checked in
 * constant time, and its payload turned into an {@link io.gitopspipeline.scm.webhook.ScmEvent}),
 * the {@link io.gitopspipeline.scm.webhook.ScmWebhookHandler} that serves one provider's path on
 * the shared {@link io.gitopspipeline.sync.WebhookServer}, and the {@link
 * io.gitopspipeline.scm.webhook.MergeEventHub} that hands events to waiting merge waits (buffering
 * the ones that come first).
 */
package io.gitopspipeline.scm.webhook;
