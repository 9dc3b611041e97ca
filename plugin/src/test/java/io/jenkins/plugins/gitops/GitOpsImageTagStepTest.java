package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.LocalRegistry;
import io.gitopspipeline.image.RegistryClientOptions;
import io.gitopspipeline.image.TestImages;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.ImageRecord;
import java.nio.file.Path;
import java.util.Set;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GitOpsImageTagStepTest {
    private static final String COMMIT = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";

    @TempDir
    Path tmp;

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    private WorkflowRun run(String arguments, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(
                "def r = gitopsImageTag " + arguments + "\n"
                        + "echo \"tags=${r.tags} digest=${r.digest} tagged=${r.tagged}\"\n",
                true));
        WorkflowRun b = p.scheduleBuild2(0).get();
        j.assertBuildStatus(expected, b);
        return b;
    }

    @Test
    void computesTheTagsOfTheBuildWithoutANode() throws Exception {
        WorkflowRun b = run(
                "image: 'registry.example.com/team/app', version: '1.2.3', commit: '"
                        + COMMIT
                        + "', branch: 'feature/Login', templates: '{version}, {shortSha}, {branch}'",
                Result.SUCCESS);

        j.assertLogContains("tags=[1.2.3, 1eabc9a, feature-login] digest=null", b);
        ImageRecord image = b.getAction(GitOpsBuildAction.class).getImages().get(0);
        assertEquals("registry.example.com/team/app", image.getImage());
    }

    @Test
    void failsWithTheReasonForAnInvalidImage() throws Exception {
        WorkflowRun b = run("image: 'Registry.example.com/Team/App:Feature/X'", Result.FAILURE);

        j.assertLogContains("invalid input:", b);
    }

    @Test
    void addsTheTagsInTheRegistryKeepingTheDigest() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(tmp, "ci", "s3cret-pass")) {
            GitOpsTestSupport.addCredentials(new UsernamePasswordCredentialsImpl(
                    CredentialsScope.GLOBAL, "registry", "registry", "ci", "s3cret-pass"));
            ImageReference source = ImageReference.parse(registry.address() + "/team/app:build-1");
            HttpRegistryClient client = new HttpRegistryClient(
                    RegistryClientOptions.defaults()
                            .withCredentials(io.gitopspipeline.image.CredentialSource.of(
                                    new io.gitopspipeline.image.RegistryCredentials(
                                            "ci", io.gitopspipeline.api.Secret.of("s3cret-pass"))))
                            .withInsecureRegistries(Set.of(registry.address())),
                    ProgressListener.NONE);
            TestImages.Pushed pushed = TestImages.pushImage(client, source, "amd64", "hello", true);

            WorkflowRun b = run(
                    "image: '"
                            + source
                            + "', retag: true, version: '1.2.3', commit: '"
                            + COMMIT
                            + "', templates: '{version}, {shortSha}', credentialsId: 'registry',"
                            + " insecureRegistries: '"
                            + registry.address()
                            + "'",
                    Result.SUCCESS);

            j.assertLogContains("digest=" + pushed.digest(), b);
            j.assertLogNotContains("s3cret-pass", b);
            assertEquals(
                    pushed.digest(), client.resolve(source.withTag("1.2.3")).digest());
            assertEquals(
                    pushed.digest(), client.resolve(source.withTag("1eabc9a")).digest());
        }
    }
}
