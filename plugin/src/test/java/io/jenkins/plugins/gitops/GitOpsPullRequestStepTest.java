package io.jenkins.plugins.gitops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
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

@WithJenkins
class GitOpsPullRequestStepTest {
    private static final String GITEA_TOKEN = "gitea-t0ken-for-tests";
    private static final String MANIFEST =
            "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: web\\n  namespace: web\\n";

    @TempDir
    Path tmp;

    private JenkinsRule j;
    private WireMockServer gitea;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        gitea = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gitea.start();
        GitOpsTestSupport.addCredentials(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "gitea-token", "Gitea", Secret.fromString(GITEA_TOKEN)));
    }

    @AfterEach
    void tearDown() {
        gitea.stop();
    }

    private WorkflowJob job(String arguments) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'out/web/configmap-web.yaml', text: '"
                        + MANIFEST
                        + "'\n"
                        + "  def r = gitopsPullRequest "
                        + arguments
                        + "\n"
                        + "  echo \"changed=${r.changed} commit=${r.commit} branch=${r.branch}"
                        + " added=${r.files.added} pr=${r.pr?.number} ${r.pr?.url}\"\n"
                        + "}\n",
                true));
        return p;
    }

    @Test
    void promotesTheRenderedManifestsOntoTheEnvironmentBranch() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        WorkflowJob p = job("repository: '"
                + remote
                + "', branch: 'main', app: 'web', environment: 'dev', from: 'out',"
                + " image: 'registry.example.com/web:1.2.3'");

        WorkflowRun first = j.buildAndAssertSuccess(p);

        j.assertLogContains("changed=true", first);
        j.assertLogContains("added=[apps/web/dev/web/configmap-web.yaml]", first);
        try (Repository repo =
                        new FileRepositoryBuilder().setGitDir(remote.toFile()).build();
                RevWalk walk = new RevWalk(repo)) {
            ObjectId main = repo.resolve("refs/heads/main");
            j.assertLogContains("commit=" + main.name(), first);
            RevCommit commit = walk.parseCommit(main);
            assertNotNull(TreeWalk.forPath(repo, "apps/web/dev/web/configmap-web.yaml", commit.getTree()));
            assertTrue(commit.getFullMessage().contains("GitOps-Image: registry.example.com/web:1.2.3"));
        }
        PromotionRecord record = first.getAction(GitOpsBuildAction.class).promotion("web", "dev");
        assertEquals(Boolean.TRUE, record.getChanged());

        WorkflowRun second = j.buildAndAssertSuccess(p);
        j.assertLogContains("changed=false", second);
        j.assertLogContains("already up to date", second);
    }

    /** A chart's random password: every build renders another value of the same Secret key. */
    private WorkflowJob randomPasswordJob(String arguments) throws Exception {
        WorkflowJob p = j.jenkins.getItemByFullName("secrets", WorkflowJob.class);
        if (p == null) {
            p = j.createProject(WorkflowJob.class, "secrets");
        }
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'out/web/configmap-web.yaml', text: '"
                        + MANIFEST
                        + "'\n"
                        + "  writeFile file: 'out/web/secret-db.yaml', text: \"apiVersion: v1\\nkind: Secret\\n"
                        + "metadata:\\n  name: db\\n  namespace: web\\nstringData:\\n"
                        + "  password: r4nd0m-${currentBuild.number}\\n\"\n"
                        + "  def r = gitopsPullRequest "
                        + arguments
                        + ", allowSecrets: 'web/db'\n"
                        + "  echo \"changed=${r.changed} secretValuesOnly=${r.secretValuesOnly}\"\n"
                        + "}\n",
                true));
        return p;
    }

    @Test
    void aChangeOfSecretValuesOnlyIsNotPromotedUnlessAskedTo() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        String arguments = "repository: '" + remote + "', branch: 'main', app: 'web', environment: 'dev', from: 'out'";
        WorkflowRun seeded = j.buildAndAssertSuccess(randomPasswordJob(arguments));
        j.assertLogContains("changed=true secretValuesOnly=false", seeded);
        String before = mainOf(remote);

        WorkflowRun skipped = j.buildAndAssertSuccess(randomPasswordJob(arguments));

        j.assertLogContains("changed=false secretValuesOnly=true", skipped);
        j.assertLogContains("web in dev: only Secret values changed; nothing to promote", skipped);
        j.assertLogContains("Set promoteSecretOnlyChanges: true to commit them", skipped);
        j.assertLogNotContains("r4nd0m-", skipped);
        assertEquals(before, mainOf(remote), "nothing pushed");
        PromotionRecord record = skipped.getAction(GitOpsBuildAction.class).promotion("web", "dev");
        assertEquals(Boolean.FALSE, record.getChanged());

        WorkflowRun rotated =
                j.buildAndAssertSuccess(randomPasswordJob(arguments + ", promoteSecretOnlyChanges: true"));

        j.assertLogContains("changed=true secretValuesOnly=false", rotated);
        assertFalse(before.equals(mainOf(remote)), "the rotated value is committed");
    }

    private static String mainOf(Path remote) throws Exception {
        try (Repository repo =
                new FileRepositoryBuilder().setGitDir(remote.toFile()).build()) {
            return repo.resolve("refs/heads/main").name();
        }
    }

    @Test
    void opensAPullRequestForThePromotionBranch() throws Exception {
        gitea.stubFor(get(urlPathEqualTo("/api/v1/repos/org/gitops/pulls"))
                .withHeader("Authorization", equalTo("token " + GITEA_TOKEN))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[]")));
        gitea.stubFor(post(urlEqualTo("/api/v1/repos/org/gitops/pulls"))
                .withHeader("Authorization", equalTo("token " + GITEA_TOKEN))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"number\":7,\"html_url\":\"https://gitea.example.com/org/gitops/pulls/7\","
                                + "\"state\":\"open\",\"merged\":false,"
                                + "\"head\":{\"ref\":\"gitops/dev/web\"},\"base\":{\"ref\":\"main\"}}")));
        Path remote = tmp.resolve("gitops.git");
        WorkflowJob p = job("repository: '"
                + remote
                + "', branch: 'main', app: 'web', environment: 'dev', from: 'out',"
                + " provider: 'gitea', serverUrl: '"
                + gitea.baseUrl()
                + "', prRepository: 'org/gitops', tokenCredentialsId: 'gitea-token'");

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("branch=gitops/dev/web", b);
        j.assertLogContains("pr=7 https://gitea.example.com/org/gitops/pulls/7", b);
        j.assertLogNotContains(GITEA_TOKEN, b);
        gitea.verify(postRequestedFor(urlEqualTo("/api/v1/repos/org/gitops/pulls"))
                .withRequestBody(matchingJsonPath("$.head", equalTo("gitops/dev/web")))
                .withRequestBody(matchingJsonPath("$.base", equalTo("main"))));
        try (Repository repo =
                new FileRepositoryBuilder().setGitDir(remote.toFile()).build()) {
            assertNotNull(repo.resolve("refs/heads/gitops/dev/web"));
        }
        PromotionRecord record = b.getAction(GitOpsBuildAction.class).promotion("web", "dev");
        assertEquals("https://gitea.example.com/org/gitops/pulls/7", record.getPullRequestUrl());
        assertEquals("open", record.getPullRequestState());
    }

    @Test
    void refusesADirectPushWhenAPullRequestIsAskedFor() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        WorkflowJob p = job("repository: '"
                + remote
                + "', branch: 'main', app: 'web', environment: 'dev', from: 'out', mode: 'direct',"
                + " provider: 'gitea', serverUrl: '"
                + gitea.baseUrl()
                + "', prRepository: 'org/gitops', tokenCredentialsId: 'gitea-token'");

        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, p);

        j.assertLogContains("use mode 'branch' (or leave mode out), or remove provider", b);
        assertEquals(0, gitea.getAllServeEvents().size(), "no provider call");
        assertFalse(java.nio.file.Files.exists(remote), "nothing pushed");
    }

    @Test
    void aDirectPromotionTakesTheStepsTimeout() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        WorkflowJob p = job("repository: '"
                + remote
                + "', branch: 'main', app: 'web', environment: 'dev', from: 'out', mode: 'direct',"
                + " timeout: '90s'");

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("changed=true", b);
    }

    @Test
    void aMalformedTimeoutFailsTheStepNamingIt() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        WorkflowJob p = job("repository: '"
                + remote
                + "', branch: 'main', app: 'web', environment: 'dev', from: 'out', timeout: 'soon'");

        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, p);

        j.assertLogContains("timeout: ", b);
        assertFalse(java.nio.file.Files.exists(remote), "nothing pushed");
    }

    @Test
    void failsWithCoresMessageForABadBranchName() throws Exception {
        WorkflowJob p = job("repository: '"
                + tmp.resolve("gitops.git")
                + "', branch: 'bad..branch', app: 'web', environment: 'dev', from: 'out'");

        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, p);

        j.assertLogContains("invalid input: branch 'bad..branch' is not a valid git branch name", b);
    }

    @Test
    void refusesToPublishFilesFromOutsideTheWorkspace() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        WorkflowJob p = job(
                "repository: '" + remote + "', branch: 'main', app: 'web', environment: 'dev', from: '../../secrets'");

        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, p);

        j.assertLogContains("invalid input: from '../../secrets' is outside the workspace", b);
        assertFalse(java.nio.file.Files.exists(remote), "nothing pushed");
    }
}
