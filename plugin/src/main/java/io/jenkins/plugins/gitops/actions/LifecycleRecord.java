package io.jenkins.plugins.gitops.actions;

import java.time.Instant;
import java.util.Map;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One lifecycle row on the build's GitOps page: a rollback this build pushed (by {@code
 * gitopsRollback} or by {@code waitForGitOpsSync(onFailure: 'rollback')}), or a wait of this build
 * that a newer promotion superseded. Plain strings, escaped by the views.
 */
@ExportedBean(defaultVisibility = 2)
public final class LifecycleRecord {
    /** A rollback pushed or proposed, or tried and not done. */
    public static final String ROLLBACK = "rollback";
    /** A wait ended because another build promoted the same app and environment. */
    public static final String SUPERSEDED = "superseded";

    private final String kind;
    private final String time;
    private final String app;
    private final String environment;
    private final String trigger;
    private final String commit;
    private final String subject;
    private final String pullRequestUrl;
    private final String buildUrl;
    private final String message;

    /**
     * @param kind {@link #ROLLBACK} or {@link #SUPERSEDED}
     * @param trigger what did it: {@code gitopsRollback}, {@code waitForGitOpsSync}, {@code
     *     waitForGitOpsMerge}
     * @param commit the rollback's commit, or the newer promotion's commit; null when none
     * @param subject the promotion concerned: the commit undone, or this build's superseded commit
     * @param pullRequestUrl the rollback's pull request, or null
     * @param buildUrl the newer build (superseded), or null
     * @param message one line saying what happened
     */
    public LifecycleRecord(
            String kind,
            String app,
            String environment,
            String trigger,
            String commit,
            String subject,
            String pullRequestUrl,
            String buildUrl,
            String message) {
        this.kind = kind;
        this.time = Instant.now().toString();
        this.app = app;
        this.environment = environment;
        this.trigger = trigger;
        this.commit = commit;
        this.subject = subject;
        this.pullRequestUrl = webLink(pullRequestUrl);
        this.buildUrl = buildUrl;
        this.message = message;
    }

    /** The row of a rollback from its step result ({@code gitopsRollback}'s map). */
    public static LifecycleRecord rollback(String app, String environment, String trigger, Map<String, Object> result) {
        String undone = null;
        String image = null;
        if (result.get("rollback") instanceof Map<?, ?> rollback) {
            undone = rollback.get("rollbackOf") instanceof String s ? s : null;
            if (rollback.get("target") instanceof Map<?, ?> target && target.get("image") instanceof String i) {
                image = i;
            }
        }
        String pr = result.get("pr") instanceof Map<?, ?> p && p.get("url") instanceof String u ? u : null;
        String commit = result.get("commit") instanceof String c ? c : null;
        boolean changed = Boolean.TRUE.equals(result.get("changed"));
        String text = (changed
                        ? (pr != null ? "rollback proposed" : "rolled back")
                        : "nothing to roll back, already as it was")
                + (image == null ? "" : " to " + image);
        return new LifecycleRecord(ROLLBACK, app, environment, trigger, commit, undone, pr, null, text);
    }

    @Exported
    public String getKind() {
        return kind;
    }

    /** ISO-8601 instant. */
    @Exported
    public String getTime() {
        return time;
    }

    @Exported
    public String getApp() {
        return app;
    }

    @Exported
    public String getEnvironment() {
        return environment;
    }

    @Exported
    public String getTrigger() {
        return trigger;
    }

    @Exported
    public String getCommit() {
        return commit;
    }

    @Exported
    public String getSubject() {
        return subject;
    }

    @Exported
    public String getPullRequestUrl() {
        return pullRequestUrl;
    }

    /** The newer build, as its promotion's trailers name it. */
    @Exported
    public String getBuildUrl() {
        return buildUrl;
    }

    /** The newer build's URL when it is a web link the page may render as an href, else null. */
    public String getBuildLink() {
        return webLink(buildUrl);
    }

    @Exported
    public String getMessage() {
        return message;
    }

    /** Only web links: the page renders them as an href. */
    private static String webLink(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }
}
