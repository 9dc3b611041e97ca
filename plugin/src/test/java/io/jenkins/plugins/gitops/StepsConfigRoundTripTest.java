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
    WaitForGitOpsSyncStep step =
        new WaitForGitOpsSyncStep(
            "1eabc9a41ca088515cab83f1cce49eb43e84b67f",
            "Kustomization/flux-system/apps, HelmRelease/apps/web");
    step.setTimeout("15m");
    step.setStatusProvider("github");
    step.setStatusRepository("org/gitops");
    step.setStatusContext("gitops/sync/dev");

    j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
  }
}
