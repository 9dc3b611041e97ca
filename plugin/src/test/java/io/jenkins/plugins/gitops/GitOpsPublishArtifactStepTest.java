package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.model.TaskListener;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.artifact.ArtifactPuller;
import io.gitopspipeline.artifact.ArtifactPusher;
import io.gitopspipeline.artifact.ArtifactReference;
import io.gitopspipeline.artifact.PushResult;
import io.gitopspipeline.image.CredentialSource;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.LocalRegistry;
import io.gitopspipeline.image.RegistryClientOptions;
import io.gitopspipeline.image.RegistryCredentials;
import io.gitopspipeline.render.SecretPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
class GitOpsPublishArtifactStepTest {
    private static final String COMMIT = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
    private static final String SOURCE = "https://example.com/app.git";
    private static final String REVISION = "main@sha1:" + COMMIT;

    @TempDir
    Path tmp;

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    /** Files Ant's default excludes would drop (.gitignore, backups) are pushed like the CLI pushes them. */
    @Test
    void pushesEveryFileOfTheDirectoryIncludingDotFiles() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(tmp)) {
            String reference = "oci://" + registry.address() + "/team/manifests:1";
            WorkflowJob p = j.createProject(WorkflowJob.class, "publish");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                            + "  writeFile file: 'out/configmap.yaml', text: 'apiVersion: v1\\nkind: ConfigMap\\n"
                            + "metadata:\\n  name: web\\ndata:\\n  k: v\\n'\n"
                            + "  writeFile file: 'out/.gitignore', text: '*.tmp\\n'\n"
                            + "  writeFile file: 'out/notes.txt~', text: 'draft'\n"
                            + "  def r = gitopsPublishArtifact directory: 'out', reference: '"
                            + reference
                            + "', source: 'https://example.com/app.git', revision: 'main@sha1:"
                            + COMMIT
                            + "', insecureRegistries: '"
                            + registry.address()
                            + "'\n"
                            + "  echo \"ref=${r.ref}\"\n"
                            + "}\n",
                    true));

            WorkflowRun b = j.buildAndAssertSuccess(p);

            j.assertLogContains("ref=", b);
            HttpRegistryClient client = new HttpRegistryClient(
                    RegistryClientOptions.defaults().withInsecureRegistries(Set.of(registry.address())),
                    ProgressListener.NONE);
            Path out = tmp.resolve("pulled");
            new ArtifactPuller(client).pull(ArtifactReference.parse(reference), out, ProgressListener.NONE);
            assertEquals("*.tmp\n", Files.readString(out.resolve(".gitignore"), StandardCharsets.UTF_8));
            assertEquals("draft", Files.readString(out.resolve("notes.txt~"), StandardCharsets.UTF_8));
            assertEquals(
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  k: v\n",
                    Files.readString(out.resolve("configmap.yaml"), StandardCharsets.UTF_8));
        }
    }

    private WorkflowJob publishJob(String reference, String address) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "publish-tree");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  def r = gitopsPublishArtifact directory: 'out', reference: '"
                        + reference
                        + "', source: '"
                        + SOURCE
                        + "', revision: '"
                        + REVISION
                        + "', insecureRegistries: '"
                        + address
                        + "'\n"
                        + "  echo \"digest=${r.digest}\"\n"
                        + "}\n",
                true));
        return p;
    }

    /** The tree as it is in the workspace: empty directories are part of it, as Flux packs them. */
    private FilePath tree(WorkflowJob p) throws Exception {
        FilePath out = j.jenkins.getWorkspaceFor(p).child("out");
        out.child("web/configmap.yaml").write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n", "UTF-8");
        out.child("web/empty").mkdirs();
        out.child("placeholder/nested").mkdirs();
        return out;
    }

    /**
     * The step's artifact is the CLI's for the same tree: core pushed it first, and the step finds
     * the same layer there (so it reuses the manifest, same digest) instead of a different one it
     * would refuse to move the tag to.
     */
    @Test
    void theArtifactOfATreeWithEmptyDirectoriesIsExactlyCoresOne() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(tmp)) {
            String reference = "oci://" + registry.address() + "/team/tree:1";
            WorkflowJob p = publishJob(reference, registry.address());
            FilePath out = tree(p);
            HttpRegistryClient client = new HttpRegistryClient(
                    RegistryClientOptions.defaults().withInsecureRegistries(Set.of(registry.address())),
                    ProgressListener.NONE);
            PushResult core = new ArtifactPusher(client)
                    .push(
                            new ArtifactPusher.Request(
                                    Path.of(out.getRemote()),
                                    ArtifactReference.parse(reference),
                                    List.of(),
                                    SOURCE,
                                    REVISION,
                                    null,
                                    false,
                                    SecretPolicy.REFUSE_PLAIN),
                            ProgressListener.NONE);

            WorkflowRun b = j.buildAndAssertSuccess(p);

            j.assertLogContains("digest=" + core.digest(), b);
            j.assertLogContains("Unchanged ", b);
            Path pulled = tmp.resolve("pulled");
            new ArtifactPuller(client).pull(ArtifactReference.parse(reference), pulled, ProgressListener.NONE);
            assertTrue(Files.isDirectory(pulled.resolve("web/empty")), "empty directory kept");
            assertTrue(Files.isDirectory(pulled.resolve("placeholder/nested")), "nested empty directory kept");
        }
    }

    @Test
    void refusesALinkInTheDirectoryAsTheCliDoes() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(tmp)) {
            String reference = "oci://" + registry.address() + "/team/tree:1";
            WorkflowJob p = publishJob(reference, registry.address());
            FilePath out = tree(p);
            out.child("web/link.yaml").symlinkTo("/etc/hostname", TaskListener.NULL);

            WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

            j.assertLogContains("refusing to pack links or special files", b);
            j.assertLogContains("web/link.yaml", b);
        }
    }

    /**
     * On a real agent (a separate JVM): the callable and the registry credential travel over
     * remoting, core runs there against the agent's directory, and the password stays masked.
     */
    @Test
    void pushesFromAnAgentWithRegistryCredentials() throws Exception {
        j.createOnlineSlave(Label.get("remote"));
        try (LocalRegistry registry = LocalRegistry.start(tmp, "ci", "s3cret-pass")) {
            GitOpsTestSupport.addCredentials(new UsernamePasswordCredentialsImpl(
                    CredentialsScope.GLOBAL, "registry", "registry", "ci", "s3cret-pass"));
            String reference = "oci://" + registry.address() + "/team/agent:1";
            WorkflowJob p = j.createProject(WorkflowJob.class, "publish-agent");
            p.setDefinition(new CpsFlowDefinition(
                    "node('remote') {\n"
                            + "  writeFile file: 'out/web/configmap.yaml', text: 'kind: ConfigMap\\n'\n"
                            + "  def r = gitopsPublishArtifact directory: 'out', reference: '"
                            + reference
                            + "', source: '"
                            + SOURCE
                            + "', revision: '"
                            + REVISION
                            + "', credentialsId: 'registry', insecureRegistries: '"
                            + registry.address()
                            + "'\n"
                            + "  echo \"digest=${r.digest}\"\n"
                            + "}\n",
                    true));

            WorkflowRun b = j.buildAndAssertSuccess(p);

            j.assertLogContains("Pushed oci://" + registry.address() + "/team/agent@sha256:", b);
            j.assertLogNotContains("s3cret-pass", b);
            HttpRegistryClient client = new HttpRegistryClient(
                    RegistryClientOptions.defaults()
                            .withCredentials(CredentialSource.of(
                                    new RegistryCredentials("ci", io.gitopspipeline.api.Secret.of("s3cret-pass"))))
                            .withInsecureRegistries(Set.of(registry.address())),
                    ProgressListener.NONE);
            Path pulled = tmp.resolve("pulled");
            new ArtifactPuller(client).pull(ArtifactReference.parse(reference), pulled, ProgressListener.NONE);
            assertEquals("kind: ConfigMap\n", Files.readString(pulled.resolve("web/configmap.yaml")));
        }
    }
}
