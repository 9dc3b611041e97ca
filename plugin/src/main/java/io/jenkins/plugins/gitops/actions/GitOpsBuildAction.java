package io.jenkins.plugins.gitops.actions;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * What the GitOps steps of one build did: images tagged, and per app and environment the promotion,
 * its pull request, the merge and the reconciler's sync with its events. Shown as a row on the build
 * page ({@code summary.jelly}), as a page at {@code <build>/gitops/}, and in the REST API.
 *
 * <p>Saved with the build ({@code build.xml}); steps change it only through the synchronized methods
 * and then call {@link #save()}.
 */
@ExportedBean
public class GitOpsBuildAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(GitOpsBuildAction.class.getName());

    private final List<ImageRecord> images = new ArrayList<>();
    private final List<PromotionRecord> promotions = new ArrayList<>();
    /** Rollbacks and supersedes, oldest first; null in builds saved before it existed. */
    private List<LifecycleRecord> lifecycle;

    private transient Run<?, ?> run;

    /** The build's action, added on first use. */
    public static GitOpsBuildAction of(Run<?, ?> run) {
        synchronized (run) {
            GitOpsBuildAction action = run.getAction(GitOpsBuildAction.class);
            if (action == null) {
                action = new GitOpsBuildAction();
                run.addAction(action);
            }
            return action;
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-gitops plugin-gitops-pipeline";
    }

    @Override
    public String getDisplayName() {
        return "GitOps";
    }

    @Override
    public String getUrlName() {
        return "gitops";
    }

    @Exported
    public synchronized List<ImageRecord> getImages() {
        return List.copyOf(images);
    }

    @Exported
    public synchronized List<PromotionRecord> getPromotions() {
        return List.copyOf(promotions);
    }

    /** Rollbacks this build pushed and waits a newer promotion superseded, oldest first. */
    @Exported
    public synchronized List<LifecycleRecord> getLifecycle() {
        return lifecycle == null ? List.of() : List.copyOf(lifecycle);
    }

    public synchronized void addLifecycle(LifecycleRecord row) {
        if (lifecycle == null) {
            lifecycle = new ArrayList<>();
        }
        lifecycle.add(row);
    }

    public synchronized void addImage(ImageRecord image) {
        images.removeIf(i -> i.getImage().equals(image.getImage()));
        images.add(image);
    }

    /** The record of {@code app} in {@code environment}, created on first use. */
    public synchronized PromotionRecord promotion(String app, String environment) {
        for (PromotionRecord p : promotions) {
            if (Objects.equals(p.getApp(), app) && Objects.equals(p.getEnvironment(), environment)) {
                return p;
            }
        }
        PromotionRecord p = new PromotionRecord(app, environment);
        promotions.add(p);
        return p;
    }

    /** The promotion whose pull request is {@code number} in {@code repository}, or null. */
    @CheckForNull
    public synchronized PromotionRecord promotionWithPullRequest(String url, String number) {
        for (PromotionRecord p : promotions) {
            if ((url != null && url.equals(p.getPullRequestUrl()))
                    || (number != null && number.equals(p.getPullRequestNumber()))) {
                return p;
            }
        }
        return null;
    }

    /**
     * This build's own promotion (one with an app and environment) whose commit or merge commit is
     * {@code revision} (full, or abbreviated to 7 or more hex digits), or null.
     */
    @CheckForNull
    public synchronized PromotionRecord ownPromotion(String revision) {
        for (PromotionRecord p : promotions) {
            if (p.getApp() != null && p.commitNamed(revision) != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * The promotion that produced GitOps {@code revision} (its commit or merge commit), or a new
     * record named after the revision when this build did not promote it itself.
     */
    public synchronized PromotionRecord promotionForRevision(String revision) {
        for (PromotionRecord p : promotions) {
            if (revision.equals(p.getCommit()) || revision.equals(p.getMergeCommit())) {
                return p;
            }
        }
        PromotionRecord p = new PromotionRecord(null, null);
        p.setCommit(revision);
        promotions.add(p);
        return p;
    }

    /** Writes the build record; failures are logged, never thrown into a step. */
    public void save() {
        Run<?, ?> r = run;
        if (r == null) {
            return;
        }
        try {
            r.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not save the GitOps record of " + r, e);
        }
    }
}
