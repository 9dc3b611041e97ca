package io.gitopspipeline.sync;

import java.time.Instant;

/**
 * A status on a GitOps commit, as Flux's github/gitlab/gitea/bitbucket/azuredevops providers write
 * them.
 *
 * @param context the status's name; Flux writes {@code <kind>/<name>/<provider uid prefix>}, e.g.
 *     {@code kustomization/podinfo/0c9c2e41}
 * @param state the provider's state word, e.g. {@code success}, {@code failure}, {@code succeeded},
 *     {@code pending}
 * @param description e.g. {@code reconciliation succeeded}, {@code health check failed}
 * @param updatedAt when it was set, or null if the provider does not say
 */
public record CommitStatus(String context, String state, String description, Instant updatedAt) {}
