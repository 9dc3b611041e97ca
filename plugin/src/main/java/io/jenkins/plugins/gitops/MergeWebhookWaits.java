package io.jenkins.plugins.gitops;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.webhook.ScmEvent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running {@code waitForGitOpsMerge} executions by pull request, so a provider's webhook can
 * make the right ones look at once. In memory only: executions register again in {@code onResume},
 * and each execution's first look (at start and after a restart) sees a merge that came before, so
 * nothing needs buffering here. The webhook only makes a look happen earlier; the outcome is always
 * read from the provider's API.
 */
public final class MergeWebhookWaits {
    private static final Map<String, Set<WaitForGitOpsMergeStep.Execution>> WAITS = new ConcurrentHashMap<>();

    private MergeWebhookWaits() {}

    /** The key of a pull request, as core's events compute it; null when the names do not parse. */
    static String key(String provider, String repository, long number) {
        try {
            ProviderType type = ProviderType.parse(provider);
            return ScmEvent.key(type, RepositoryId.parse(type, repository), number);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    static void register(String key, WaitForGitOpsMergeStep.Execution execution) {
        if (key != null) {
            WAITS.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(execution);
        }
    }

    static void unregister(String key, WaitForGitOpsMergeStep.Execution execution) {
        if (key != null) {
            WAITS.computeIfPresent(key, (k, set) -> {
                set.remove(execution);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * Makes every execution waiting for the event's pull request look at it now.
     *
     * @return how many executions were asked to look
     */
    public static int lookNow(ScmEvent event) {
        if (!event.isFinal()) {
            return 0;
        }
        Set<WaitForGitOpsMergeStep.Execution> waiting = WAITS.get(event.key());
        if (waiting == null) {
            return 0;
        }
        int asked = 0;
        for (WaitForGitOpsMergeStep.Execution execution : waiting) {
            execution.lookNow();
            asked++;
        }
        return asked;
    }
}
