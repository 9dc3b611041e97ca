package io.jenkins.plugins.gitops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.LifecycleRecord;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
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
 * {@code waitForGitOpsMerge} on this build's own pull request ends superseded ({@code NOT_BUILT})
 * when another build promotes the same app and environment: a real GitOps repository, Gitea's API
 * from WireMock.
 */
@WithJenkins
class WaitForGitOpsMergeSupersedeTest {
    private static final String TOKEN = "gitea-t0ken-for-tests";

    @TempDir
    Path tmp;

    private JenkinsRule j;
    private WireMockServer gitea;
    private long supersedeCheckSeconds;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        j.jenkins.setNumExecutors(4);
        gitea = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gitea.start();
        GitOpsTestSupport.addCredentials(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "gitea-token", "Gitea", Secret.fromString(TOKEN)));
        supersedeCheckSeconds = WaitForGitOpsSyncExecution.supersedeCheckSeconds;
        WaitForGitOpsSyncExecution.supersedeCheckSeconds = 1;
    }

    @AfterEach
    void tearDown() {
        WaitForGitOpsSyncExecution.supersedeCheckSeconds = supersedeCheckSeconds;
        gitea.stop();
    }

    private static String promote(Path remote, String version, String arguments) {
        return "  writeFile file: 'out-" + version + "/configmap.yaml', text: 'version: " + version + "'\n"
                + "  def p = gitopsPullRequest repository: '" + remote + "', branch: 'main', app: 'web',"
                + " environment: 'dev', from: 'out-" + version + "', image: 'registry.example.com/web:"
                + version + "'" + arguments + "\n";
    }

    private static ObjectId ref(Path remote, String name) throws Exception {
        try (Repository repo =
                new FileRepositoryBuilder().setGitDir(remote.toFile()).build()) {
            return repo.resolve(name);
        }
    }

    @Test
    void anotherBuildsPromotionEndsTheMergeWaitAsSupersededWithNotBuilt() throws Exception {
        gitea.stubFor(get(urlPathEqualTo("/api/v1/repos/org/gitops/pulls"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[]")));
        gitea.stubFor(post(urlEqualTo("/api/v1/repos/org/gitops/pulls"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(WaitForGitOpsMergeStepTest.pullRequest("open", false))));
        gitea.stubFor(get(urlEqualTo(WaitForGitOpsMergeStepTest.PR_PATH))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WaitForGitOpsMergeStepTest.pullRequest("open", false))));
        Path remote = tmp.resolve("gitops.git");
        String server = gitea.baseUrl();
        WorkflowJob first = j.createProject(WorkflowJob.class, "first");
        first.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + promote(
                                remote,
                                "1",
                                ", provider: 'gitea', serverUrl: '" + server
                                        + "', prRepository: 'org/gitops', tokenCredentialsId: 'gitea-token'")
                        + "  def m = waitForGitOpsMerge provider: 'gitea', repository: 'org/gitops',"
                        + " number: p.pr.number, serverUrl: '" + server + "', credentialsId: 'gitea-token',"
                        + " pollInterval: '1s', timeout: '10m'\n"
                        + "  echo \"state=${m.state} by=${m.supersededBy?.commit}\"\n"
                        + "}\n",
                true));
        WorkflowRun a = first.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Pull request #7 is open", a);
        ObjectId proposed = ref(remote, "refs/heads/gitops/dev/web");

        WorkflowJob second = j.createProject(WorkflowJob.class, "second");
        second.setDefinition(
                new CpsFlowDefinition("node {\n" + promote(remote, "2", ", mode: 'direct'") + "}\n", true));
        j.buildAndAssertSuccess(second);
        ObjectId newer = ref(remote, "refs/heads/main");

        j.assertBuildStatus(Result.NOT_BUILT, j.waitForCompletion(a));
        j.assertLogContains("state=superseded by=" + newer.name(), a);
        j.assertLogContains("web in dev was superseded: superseded by " + newer.name() + " on main", a);
        List<LifecycleRecord> rows = a.getAction(GitOpsBuildAction.class).getLifecycle();
        assertEquals(1, rows.size());
        assertEquals(LifecycleRecord.SUPERSEDED, rows.get(0).getKind());
        assertEquals("waitForGitOpsMerge", rows.get(0).getTrigger());
        assertEquals(proposed.name(), rows.get(0).getSubject());
    }
}
