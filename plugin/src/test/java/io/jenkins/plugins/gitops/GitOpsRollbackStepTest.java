package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GitOpsRollbackStepTest {
    @TempDir
    Path tmp;

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    private WorkflowJob job(String name, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition("node {\n" + script + "}\n", true));
        return p;
    }

    private String promote(Path remote, String version) {
        return "  writeFile file: 'out-" + version + "/configmap.yaml', text: 'version: " + version + "'\n"
                + "  gitopsPullRequest repository: '" + remote + "', branch: 'main', app: 'web',"
                + " environment: 'dev', from: 'out-" + version + "', image: 'registry.example.com/web:"
                + version + "'\n";
    }

    @Test
    void rollsBackOneStepAndReturnsThePullRequestStepsMapWithTheRollback() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        j.buildAndAssertSuccess(job("promote", promote(remote, "1") + promote(remote, "2")));
        WorkflowJob p = job(
                "rollback",
                "  def r = gitopsRollback repository: '" + remote + "', branch: 'main', app: 'web',"
                        + " environment: 'dev', steps: 1\n"
                        + "  echo \"changed=${r.changed} commit=${r.commit} branch=${r.branch}"
                        + " target=${r.rollback.target.image} of=${r.rollback.rollbackOf}\"\n");

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("changed=true", b);
        j.assertLogContains("target=registry.example.com/web:1", b);
        try (Repository repo =
                        new FileRepositoryBuilder().setGitDir(remote.toFile()).build();
                RevWalk walk = new RevWalk(repo)) {
            ObjectId main = repo.resolve("refs/heads/main");
            j.assertLogContains("commit=" + main.name(), b);
            RevCommit commit = walk.parseCommit(main);
            ObjectId undone = commit.getParent(0).getId();
            j.assertLogContains("of=" + undone.name(), b);
            assertTrue(commit.getFullMessage().contains("GitOps-Rollback-Of: " + undone.name()));
            assertTrue(commit.getFullMessage().contains("GitOps-Image: registry.example.com/web:1"));
        }
        PromotionRecord record = b.getAction(GitOpsBuildAction.class).promotion("web", "dev");
        assertNotNull(record);
        assertEquals("registry.example.com/web:1", record.getImage());
    }

    @Test
    void aTargetBeyondTheHistoryFailsTheBuildWithTheReason() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        j.buildAndAssertSuccess(job("promote", promote(remote, "1")));
        WorkflowJob p = job(
                "rollback",
                "  gitopsRollback repository: '" + remote + "', branch: 'main', app: 'web',"
                        + " environment: 'dev', steps: 3\n");

        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, p);

        j.assertLogContains("invalid input: --steps 3 goes beyond the history of web in dev", b);
    }
}
