package io.jenkins.plugins.gitops.actions;

import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** One reconciler event as the build saw it: the timeline on the GitOps page. */
@ExportedBean(defaultVisibility = 3)
public final class SyncEventRecord {
    private final String time;
    private final String source;
    private final String target;
    private final String revision;
    private final String phase;
    private final String reason;
    private final String message;

    public SyncEventRecord(
            String time, String source, String target, String revision, String phase, String reason, String message) {
        this.time = time;
        this.source = source;
        this.target = target;
        this.revision = revision;
        this.phase = phase;
        this.reason = reason;
        this.message = message;
    }

    /** ISO-8601 instant. */
    @Exported
    public String getTime() {
        return time;
    }

    /** {@code flux}, {@code argocd}, or {@code poll} for states read from the cluster. */
    @Exported
    public String getSource() {
        return source;
    }

    /** {@code Kind/namespace/name}. */
    @Exported
    public String getTarget() {
        return target;
    }

    @Exported
    public String getRevision() {
        return revision;
    }

    /** {@code progressing}, {@code succeeded} or {@code failed}. */
    @Exported
    public String getPhase() {
        return phase;
    }

    @Exported
    public String getReason() {
        return reason;
    }

    @Exported
    public String getMessage() {
        return message;
    }
}
