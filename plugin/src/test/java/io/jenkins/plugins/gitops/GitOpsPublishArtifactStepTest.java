package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.artifact.ArtifactPuller;
import io.gitopspipeline.artifact.ArtifactReference;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.LocalRegistry;
import io.gitopspipeline.image.RegistryClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
class GitOpsPublishArtifactStepTest {
    private static final String COMMIT = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";

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
}
