package io.jenkins.plugins.gitops.actions;

import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One app in one environment: the GitOps commit, its pull request, the merge and the sync. Fields
 * stay null until the step that knows them has run. Thread-safe: the webhook's resume work and
 * the build's steps may update it at the same time.
 */
@ExportedBean(defaultVisibility = 2)
public final class PromotionRecord {
    /** At most this many events are kept per promotion, the oldest dropped first. */
    static final int MAX_EVENTS = 200;

    private final String app;
    private final String environment;
    private String image;
    private String repository;
    private String branch;
    private String commit;
    private Boolean changed;
    /** The promotion was skipped because only Secret values differed (issue #18). */
    private boolean secretValuesOnly;

    private String pullRequestNumber;
    private String pullRequestUrl;
    private String pullRequestState;
    private String mergeCommit;
    private String syncState;
    private String syncMessage;
    private final List<SyncEventRecord> events = new ArrayList<>();
    /** How the promotion was pushed; null for records of older builds or not promoted here. */
    private PromotionSettings settings;

    PromotionRecord(String app, String environment) {
        this.app = app;
        this.environment = environment;
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
    public synchronized String getImage() {
        return image;
    }

    public synchronized void setImage(String image) {
        this.image = image;
    }

    @Exported
    public synchronized String getRepository() {
        return repository;
    }

    public synchronized void setRepository(String repository) {
        this.repository = repository;
    }

    @Exported
    public synchronized String getBranch() {
        return branch;
    }

    public synchronized void setBranch(String branch) {
        this.branch = branch;
    }

    /** The GitOps commit the promotion pushed. */
    @Exported
    public synchronized String getCommit() {
        return commit;
    }

    public synchronized void setCommit(String commit) {
        this.commit = commit;
    }

    /** False when the repository already held the rendered state; null when not promoted here. */
    @Exported
    public synchronized Boolean getChanged() {
        return changed;
    }

    public synchronized void setChanged(Boolean changed) {
        this.changed = changed;
    }

    @Exported
    public synchronized boolean isSecretValuesOnly() {
        return secretValuesOnly;
    }

    public synchronized void setSecretValuesOnly(boolean secretValuesOnly) {
        this.secretValuesOnly = secretValuesOnly;
    }

    @Exported
    public synchronized String getPullRequestNumber() {
        return pullRequestNumber;
    }

    @Exported
    public synchronized String getPullRequestUrl() {
        return pullRequestUrl;
    }

    /** {@code open}, {@code merged} or {@code closed}. */
    @Exported
    public synchronized String getPullRequestState() {
        return pullRequestState;
    }

    public synchronized void setPullRequest(String number, String url, String state) {
        this.pullRequestNumber = number;
        // only web links: the page renders it as an href
        this.pullRequestUrl = url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
        this.pullRequestState = state;
    }

    public synchronized void setPullRequestState(String state) {
        this.pullRequestState = state;
    }

    @Exported
    public synchronized String getMergeCommit() {
        return mergeCommit;
    }

    public synchronized void setMergeCommit(String mergeCommit) {
        this.mergeCommit = mergeCommit;
    }

    /** {@code waiting}, {@code progressing}, {@code succeeded}, {@code failed} or {@code timed out}. */
    @Exported
    public synchronized String getSyncState() {
        return syncState;
    }

    @Exported
    public synchronized String getSyncMessage() {
        return syncMessage;
    }

    public synchronized void setSync(String state, String message) {
        this.syncState = state;
        this.syncMessage = message;
    }

    /**
     * The full SHA-1 of this promotion's commit or merge commit that {@code revision} names (the
     * whole SHA-1, or an abbreviation of at least 7 hex digits), else null.
     */
    public synchronized String commitNamed(String revision) {
        if (revision == null) {
            return null;
        }
        String r = revision.trim().toLowerCase(java.util.Locale.ROOT);
        if (r.length() < 7 || !r.matches("[0-9a-f]+")) {
            return null;
        }
        if (commit != null && commit.startsWith(r)) {
            return commit;
        }
        return mergeCommit != null && mergeCommit.startsWith(r) ? mergeCommit : null;
    }

    /** How the promotion was pushed (ids only), or null: what an automatic rollback repeats. */
    public synchronized PromotionSettings getSettings() {
        return settings;
    }

    public synchronized void setSettings(PromotionSettings settings) {
        this.settings = settings;
    }

    @Exported(visibility = 3)
    public synchronized List<SyncEventRecord> getEvents() {
        return List.copyOf(events);
    }

    public synchronized void addEvent(SyncEventRecord event) {
        events.add(event);
        while (events.size() > MAX_EVENTS) {
            events.remove(0);
        }
    }
}
