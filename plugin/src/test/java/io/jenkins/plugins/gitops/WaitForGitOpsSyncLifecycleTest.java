package io.jenkins.plugins.gitops;

import static io.jenkins.plugins.gitops.GitOpsTestSupport.FLUX_REVISION;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.fixture;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.fluxSignature;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.postFlux;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.LifecycleRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The promotion lifecycle of {@code waitForGitOpsSync} against a real GitOps repository (written by
 * {@code gitopsPullRequest}, read back with JGit): {@code onFailure: 'rollback'}, superseded waits,
 * and their rows on the build page.
 */
@WithJenkins
class WaitForGitOpsSyncLifecycleTest {
    private static final String TARGET = "Kustomization/apps/podinfo";

    @TempDir
    Path tmp;

    private JenkinsRule j;
    private long supersedeCheckSeconds;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        GitOpsTestSupport.configureWebhookSecrets();
        supersedeCheckSeconds = WaitForGitOpsSyncExecution.supersedeCheckSeconds;
        j.jenkins.setNumExecutors(4); // a waiting build inside node holds one while another promotes
    }

    @AfterEach
    void tearDown() {
        WaitForGitOpsSyncExecution.supersedeCheckSeconds = supersedeCheckSeconds;
    }

    private WorkflowJob job(String name, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition("node {\n" + script + "}\n", true));
        return p;
    }

    /** Promotes web to dev with image {@code web:<version>}; the result is {@code p}. */
    static String promote(Path remote, String version) {
        return "  writeFile file: 'out-" + version + "/configmap.yaml', text: 'version: " + version + "'\n"
                + "  def p = gitopsPullRequest repository: '" + remote + "', branch: 'main', app: 'web',"
                + " environment: 'dev', from: 'out-" + version + "', image: 'registry.example.com/web:"
                + version + "'\n";
    }

    static String waitFor(String arguments) {
        return "  def r = waitForGitOpsSync revision: p.commit, targets: '" + TARGET + "'" + arguments + "\n"
                + "  echo \"outcome=${r.outcome} by=${r.supersededBy?.commit}\"\n";
    }

    static ObjectId tip(Path remote) throws Exception {
        try (Repository repo =
                new FileRepositoryBuilder().setGitDir(remote.toFile()).build()) {
            return repo.resolve("refs/heads/main");
        }
    }

    private static ObjectId tree(Path remote, ObjectId commit) throws Exception {
        try (Repository repo =
                new FileRepositoryBuilder().setGitDir(remote.toFile()).build()) {
            return repo.resolve(commit.name() + ":apps/web/dev");
        }
    }

    private String html(WorkflowRun run, String page) throws Exception {
        return j.createWebClient().getPage(run, page).getWebResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The Flux fixture's failure, about {@code revision}, signed. */
    static byte[] failure(ObjectId revision) throws Exception {
        return new String(fixture("flux-kustomization-healthcheck-failed.json"), StandardCharsets.UTF_8)
                .replace(FLUX_REVISION, revision.name())
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFailedSyncRollsBackTheBuildsOwnPromotionThenFailsWithBothMessages() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        j.buildAndAssertSuccess(job("first", promote(remote, "1")));
        ObjectId first = tip(remote);
        WorkflowRun b = job("second", promote(remote, "2") + waitFor(", onFailure: 'rollback'"))
                .scheduleBuild2(0)
                .waitForStart();
        j.waitForMessage("Waiting up to", b);
        ObjectId promoted = tip(remote);

        byte[] body = failure(promoted);
        assertEquals(200, postFlux(j, body, fluxSignature(body)).statusCode());

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        ObjectId rollback = tip(remote);
        assertNotEquals(promoted, rollback);
        assertEquals(tree(remote, first), tree(remote, rollback), "the directory is exactly as before");
        try (Repository repo =
                        new FileRepositoryBuilder().setGitDir(remote.toFile()).build();
                RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(rollback);
            assertTrue(commit.getFullMessage().contains("GitOps-Rollback-Of: " + promoted.name()));
            assertTrue(commit.getFullMessage().contains("GitOps-Image: registry.example.com/web:1"));
        }
        j.assertLogContains(
                "the reconciler failed to apply revision " + promoted.name().substring(0, 12), b);
        j.assertLogContains(
                "rolled back web in dev to registry.example.com/web:1 as " + rollback.name() + " on main", b);
        List<LifecycleRecord> rows = b.getAction(GitOpsBuildAction.class).getLifecycle();
        assertEquals(1, rows.size());
        assertEquals(LifecycleRecord.ROLLBACK, rows.get(0).getKind());
        assertEquals("waitForGitOpsSync", rows.get(0).getTrigger());
        assertEquals(rollback.name(), rows.get(0).getCommit());
        assertEquals(promoted.name(), rows.get(0).getSubject());
        String page = html(b, "gitops/");
        assertTrue(page.contains("Rollbacks and supersedes"), page);
        assertTrue(page.contains("rolled back to registry.example.com/web:1"), page);
        assertTrue(page.contains(rollback.name()), page);
    }

    @Test
    void aRollbackIsNotPushedOverANewerPromotionByAnotherBuild() throws Exception {
        WaitForGitOpsSyncExecution.supersedeCheckSeconds = 3600; // only the check at the end of the wait
        Path remote = tmp.resolve("gitops.git");
        j.buildAndAssertSuccess(job("first", promote(remote, "1")));
        WorkflowRun b = job("second", promote(remote, "2") + waitFor(", onFailure: 'rollback'"))
                .scheduleBuild2(0)
                .waitForStart();
        j.waitForMessage("Waiting up to", b);
        ObjectId promoted = tip(remote);
        j.buildAndAssertSuccess(job("third", promote(remote, "3")));
        ObjectId newer = tip(remote);

        byte[] body = failure(promoted);
        assertEquals(200, postFlux(j, body, fluxSignature(body)).statusCode());

        // another build's promotion landed: superseded, not rolled back over it
        j.assertBuildStatus(Result.NOT_BUILT, j.waitForCompletion(b));
        assertEquals(newer, tip(remote));
        j.assertLogContains("outcome=superseded by=" + newer.name(), b);
    }

    @Test
    void anotherBuildsPromotionEndsTheWaitAsSupersededWithNotBuilt() throws Exception {
        WaitForGitOpsSyncExecution.supersedeCheckSeconds = 1;
        Path remote = tmp.resolve("gitops.git");
        WorkflowRun a = job("first", promote(remote, "1") + waitFor(", timeout: '10m'"))
                .scheduleBuild2(0)
                .waitForStart();
        j.waitForMessage("Waiting up to", a);
        ObjectId own = tip(remote);

        WorkflowRun b = j.buildAndAssertSuccess(job("second", promote(remote, "2")));
        ObjectId newer = tip(remote);

        j.assertBuildStatus(Result.NOT_BUILT, j.waitForCompletion(a));
        j.assertLogContains("outcome=superseded by=" + newer.name(), a);
        j.assertLogContains(
                "web in dev was superseded: superseded by " + newer.name() + " on main"
                        + " (image registry.example.com/web:2) from build " + j.getURL() + b.getUrl(),
                a);
        List<LifecycleRecord> rows = a.getAction(GitOpsBuildAction.class).getLifecycle();
        assertEquals(1, rows.size());
        assertEquals(LifecycleRecord.SUPERSEDED, rows.get(0).getKind());
        assertEquals(newer.name(), rows.get(0).getCommit());
        assertEquals(own.name(), rows.get(0).getSubject());
        assertEquals(j.getURL() + b.getUrl(), rows.get(0).getBuildLink());
        String page = html(a, "gitops/");
        assertTrue(page.contains("superseded by " + newer.name()), page);
        assertTrue(page.contains(">newer build</a>"), page);
    }

    @Test
    void aManualRollbackIsARowOnTheBuildPage() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        j.buildAndAssertSuccess(
                job("promote", promote(remote, "1") + promote(remote, "2").replace("def p", "p")));
        ObjectId undone = tip(remote);

        WorkflowRun b = j.buildAndAssertSuccess(job(
                "rollback",
                "  gitopsRollback repository: '" + remote + "', branch: 'main', app: 'web',"
                        + " environment: 'dev', steps: 1\n"));

        List<LifecycleRecord> rows = b.getAction(GitOpsBuildAction.class).getLifecycle();
        assertEquals(1, rows.size());
        assertEquals("gitopsRollback", rows.get(0).getTrigger());
        assertEquals(undone.name(), rows.get(0).getSubject());
        assertEquals(tip(remote).name(), rows.get(0).getCommit());
        assertTrue(html(b, "").contains("rolled back to registry.example.com/web:1"), "the build page's summary");
    }

    @Test
    void onFailureRollbackNeedsThisBuildsOwnPromotionAndAKnownValue() throws Exception {
        WorkflowJob foreign = j.createProject(WorkflowJob.class, "foreign");
        foreign.setDefinition(new CpsFlowDefinition(
                "waitForGitOpsSync revision: '" + FLUX_REVISION + "', targets: '" + TARGET
                        + "', onFailure: 'rollback'\n",
                true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, foreign);
        j.assertLogContains("this build recorded no promotion with the commit or merge commit " + FLUX_REVISION, b);

        WorkflowJob unknown = j.createProject(WorkflowJob.class, "unknown");
        unknown.setDefinition(new CpsFlowDefinition(
                "waitForGitOpsSync revision: '" + FLUX_REVISION + "', targets: '" + TARGET + "', onFailure: 'revert'\n",
                true));
        WorkflowRun c = j.buildAndAssertStatus(Result.FAILURE, unknown);
        j.assertLogContains("onFailure 'revert' is not known; use 'fail' or 'rollback'", c);
    }
}
