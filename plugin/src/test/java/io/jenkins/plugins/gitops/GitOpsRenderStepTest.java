package io.jenkins.plugins.gitops;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GitOpsRenderStepTest {
    private static final String CONFIG_MAP =
            "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: web\\n  namespace: web\\n"
                    + "data:\\n  env: ${ENV_NAME}\\n";

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    private WorkflowJob job(String arguments, String afterwards) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'deploy/configmap.yaml', text: '"
                        + CONFIG_MAP
                        + "'\n"
                        + "  def r = gitopsRender "
                        + arguments
                        + "\n"
                        + "  echo \"engine=${r.engine} resources=${r.resources} out=${r.out}"
                        + " added=${r.changes?.added}\"\n"
                        + afterwards
                        + "}\n",
                true));
        return p;
    }

    @Test
    void rendersPlainYamlWithFluxSubstitutionIntoTheWorkspace() throws Exception {
        WorkflowJob p = job(
                "source: 'deploy', environment: 'dev', engine: 'plain', vars: 'ENV_NAME=dev-eu'",
                "  echo 'file=' + readFile(\"${r.out}/web/configmap-web.yaml\").replace('\\n', '|')\n");

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("engine=plain resources=1 out=gitops/rendered/dev", b);
        j.assertLogContains("added=[web/configmap-web.yaml]", b);
        j.assertLogContains("env: dev-eu", b);
    }

    @Test
    void reportsAnUnsetVariableInStrictMode() throws Exception {
        WorkflowJob p = job("source: 'deploy', environment: 'dev', engine: 'plain', strict: true", "");

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("ENV_NAME", b);
    }
}
