package io.jenkins.plugins.gitops;

import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every step survives the Snippet Generator's form: what it shows is what it binds back. */
@WithJenkins
class StepsConfigRoundTripTest {
    @Test
    void pullRequestStep(JenkinsRule j) throws Exception {
        GitOpsPullRequestStep step =
                new GitOpsPullRequestStep("https://git.example.com/gitops.git", "main", "web", "dev", "out");
        step.setProvider("github");
        step.setMode("branch");
        step.setPrRepository("org/gitops");
        step.setLabels("gitops, dev");
        step.setReviewers("alice");
        step.setAutoMerge(true);
        step.setPath("clusters/{env}/{app}");
        step.setTimeout("10m");
        step.setAllowSecrets("apps/web-tls");
        step.setAllowPlainSecrets(true);
        step.setPromoteSecretOnlyChanges(true);

        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    void mergeStep(JenkinsRule j) throws Exception {
        WaitForGitOpsMergeStep step = new WaitForGitOpsMergeStep("gitlab", "group/gitops", 42);
        step.setTimeout("1h");
        step.setMergeWhenReady(true);

        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    void syncStep(JenkinsRule j) throws Exception {
        WaitForGitOpsSyncStep step = new WaitForGitOpsSyncStep(
                "1eabc9a41ca088515cab83f1cce49eb43e84b67f", "Kustomization/flux-system/apps, HelmRelease/apps/web");
        step.setTimeout("15m");
        step.setStatusProvider("github");
        step.setStatusRepository("org/gitops");
        step.setStatusContext("gitops/sync/dev");
        step.setCommitStatusProvider("gitea");
        step.setCommitStatusServerUrl("https://gitea.example.com/api/v1");
        step.setCommitStatusRepository("org/gitops");
        step.setOnFailure("rollback");

        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    void imageTagStep(JenkinsRule j) throws Exception {
        GitOpsImageTagStep step = new GitOpsImageTagStep("registry.example.com/team/app");
        step.setVersion("1.2.3");
        step.setTemplates("{version}, {version}-{shortSha}");
        step.setRetag(true);
        step.setInsecureRegistries("127.0.0.1:5000");

        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    void renderStep(JenkinsRule j) throws Exception {
        GitOpsRenderStep step = new GitOpsRenderStep("deploy/chart", "staging");
        step.setEngine("helm");
        step.setSet("image.tag=1.2.3");
        step.setRelease("web");
        step.setValidate(false);
        step.setAllowSecrets("apps/web-tls, apps/db");
        step.setAllowPlainSecrets(true);

        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    void rollbackStep(JenkinsRule j) throws Exception {
        GitOpsRollbackStep step = new GitOpsRollbackStep("https://git.example.com/gitops.git", "main", "web", "dev");
        step.setSteps(2);
        step.setProvider("gitlab");
        step.setMode("branch");
        step.setPrRepository("group/gitops");
        step.setLabels("rollback");
        step.setDraft(true);
        step.setKnownHosts("known_hosts");

        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    void publishArtifactStep(JenkinsRule j) throws Exception {
        GitOpsPublishArtifactStep step =
                new GitOpsPublishArtifactStep("out", "oci://registry.example.com/team/manifests:1.2.3");
        step.setTags("latest");
        step.setRevision("main@sha1:1eabc9a41ca088515cab83f1cce49eb43e84b67f");
        step.setAllowMove(true);
        step.setInsecureRegistries("127.0.0.1:5000");
        step.setAllowSecrets("apps/web-tls");
        step.setAllowPlainSecrets(true);

        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }
}
