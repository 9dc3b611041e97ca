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
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.model.Label;
import hudson.slaves.DumbSlave;
import hudson.util.Secret;
import java.nio.file.Path;
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
 * The workspace steps on a real agent (a separate JVM over remoting): their callables are
 * serialised, and the agent loads the plugin's classes (the relocated engine, and the libraries
 * core calls into) from the controller.
 */
@WithJenkins
class GitOpsAgentTest {
    private static final String TOKEN = "gitea-t0ken-for-agent-tests";

    /** A merge key: the YAML feature snakeyaml-engine 2.9, which a library plugin ships, lacks. */
    private static final String DEPLOYMENT = "apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n"
            + "  name: web\\n  namespace: shop\\n  labels:\\n    <<: {tier: front}\\n    app: web\\n"
            + "spec:\\n  replicas: 1\\n  selector: {matchLabels: {app: web}}\\n"
            + "  template:\\n    metadata: {labels: {app: web}}\\n"
            + "    spec:\\n      containers:\\n      - {name: web, image: example.com/web:1.0.0}\\n";

    @TempDir
    Path tmp;

    private JenkinsRule j;
    private DumbSlave agent;
    private WireMockServer scm;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        agent = j.createOnlineSlave(Label.get("remote"));
        scm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        scm.start();
        GitOpsTestSupport.addCredentials(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "gitea-token", "Gitea", Secret.fromString(TOKEN)));
    }

    @AfterEach
    void tearDown() {
        scm.stop();
    }

    private WorkflowJob job(String body) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(
                "node('remote') {\n"
                        + "  writeFile file: 'deploy/deployment.yaml', text: '" + DEPLOYMENT + "'\n"
                        + body
                        + "}\n",
                true));
        return p;
    }

    @Test
    void rendersOnAnAgentWithMergeKeys() throws Exception {
        WorkflowJob p = job("  def r = gitopsRender source: 'deploy', environment: 'dev', engine: 'plain'\n"
                + "  echo 'rendered=' + readFile(\"${r.out}/shop/deployment-web.yaml\").replace('\\n', '|')\n");

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("Running on " + agent.getNodeName(), b);
        j.assertLogContains("tier: front", b);
    }

    @Test
    void rendersAndOpensAPullRequestFromAnAgent() throws Exception {
        scm.stubFor(get(urlPathEqualTo("/api/v1/repos/org/gitops/pulls"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[]")));
        scm.stubFor(post(urlEqualTo("/api/v1/repos/org/gitops/pulls"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"number\":9,\"html_url\":\"https://scm.example.com/org/gitops/pulls/9\","
                                + "\"state\":\"open\",\"merged\":false,"
                                + "\"head\":{\"ref\":\"gitops/dev/web\"},\"base\":{\"ref\":\"main\"}}")));
        Path remote = tmp.resolve("gitops.git");
        WorkflowJob p = job("  def r = gitopsRender source: 'deploy', environment: 'dev', engine: 'plain'\n"
                + "  def pr = gitopsPullRequest repository: '" + remote + "', branch: 'main', app: 'web',"
                + " environment: 'dev', from: r.out, provider: 'gitea', serverUrl: '" + scm.baseUrl()
                + "', prRepository: 'org/gitops', tokenCredentialsId: 'gitea-token'\n"
                + "  echo \"pr=${pr.pr?.number} branch=${pr.branch}\"\n");

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("Running on " + agent.getNodeName(), b);
        j.assertLogContains("pr=9 branch=gitops/dev/web", b);
        j.assertLogNotContains(TOKEN, b);
        scm.verify(postRequestedFor(urlEqualTo("/api/v1/repos/org/gitops/pulls"))
                .withRequestBody(matchingJsonPath("$.head", equalTo("gitops/dev/web"))));
        try (Repository repo =
                new FileRepositoryBuilder().setGitDir(remote.toFile()).build()) {
            assertNotNull(repo.resolve("refs/heads/gitops/dev/web"));
        }
    }

    /** GitHub goes through github-api and Jackson, which the agent loads from the controller. */
    @Test
    void opensAGitHubPullRequestFromAnAgent() throws Exception {
        scm.stubFor(get(urlEqualTo("/repos/org/gitops"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"name\":\"gitops\",\"full_name\":\"org/gitops\","
                                + "\"owner\":{\"login\":\"org\"}}")));
        scm.stubFor(get(urlPathEqualTo("/repos/org/gitops/pulls"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[]")));
        scm.stubFor(post(urlEqualTo("/repos/org/gitops/pulls"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"number\":11,\"node_id\":\"PR_node11\",\"state\":\"open\","
                                + "\"title\":\"Promote web to dev\",\"body\":\"\","
                                + "\"html_url\":\"https://github.example.com/org/gitops/pull/11\","
                                + "\"head\":{\"ref\":\"gitops/dev/web\",\"sha\":\"" + "1".repeat(40) + "\"},"
                                + "\"base\":{\"ref\":\"main\",\"sha\":\"" + "3".repeat(40) + "\"},"
                                + "\"labels\":[],\"requested_reviewers\":[],\"requested_teams\":[],"
                                + "\"merged\":false}")));
        scm.stubFor(post(urlPathEqualTo("/repos/org/gitops/issues/11/labels"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[]")));
        Path remote = tmp.resolve("gitops.git");
        WorkflowJob p = job("  def r = gitopsRender source: 'deploy', environment: 'dev', engine: 'plain'\n"
                + "  def pr = gitopsPullRequest repository: '" + remote + "', branch: 'main', app: 'web',"
                + " environment: 'dev', from: r.out, provider: 'github', serverUrl: '" + scm.baseUrl()
                + "', prRepository: 'org/gitops', tokenCredentialsId: 'gitea-token'\n"
                + "  echo \"pr=${pr.pr?.number} url=${pr.pr?.url}\"\n");

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("Running on " + agent.getNodeName(), b);
        j.assertLogContains("pr=11 url=https://github.example.com/org/gitops/pull/11", b);
        j.assertLogNotContains(TOKEN, b);
        scm.verify(postRequestedFor(urlEqualTo("/repos/org/gitops/pulls"))
                .withRequestBody(matchingJsonPath("$.head", equalTo("gitops/dev/web"))));
    }
}
