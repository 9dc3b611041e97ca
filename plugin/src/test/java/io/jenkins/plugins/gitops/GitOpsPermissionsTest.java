package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Form checks and credential lists answer only users with the permission the page needs. */
@WithJenkins
class GitOpsPermissionsTest {
    private JenkinsRule j;
    private WorkflowJob job;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        GitOpsTestSupport.configureWebhookSecrets();
        job = j.createProject(WorkflowJob.class, "app");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader")
                .grant(Jenkins.READ, Jenkins.MANAGE)
                .everywhere()
                .to("manager")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE)
                .everywhere()
                .to("developer"));
    }

    private static ACLContext as(String user) {
        return ACL.as2(User.getById(user, true).impersonate2());
    }

    @Test
    void targetChecksAnswerOnlyThoseWhoMayConfigureTheJob() {
        WaitForGitOpsSyncStep.DescriptorImpl d =
                j.jenkins.getDescriptorByType(WaitForGitOpsSyncStep.DescriptorImpl.class);
        try (ACLContext ignored = as("reader")) {
            assertEquals(FormValidation.Kind.OK, d.doCheckTargets(job, "not a target").kind);
        }
        try (ACLContext ignored = as("developer")) {
            assertEquals(FormValidation.Kind.ERROR, d.doCheckTargets(job, "not a target").kind);
        }
    }

    @Test
    void pullRequestNumberChecksAnswerOnlyThoseWhoMayConfigureTheJob() {
        WaitForGitOpsMergeStep.DescriptorImpl d =
                j.jenkins.getDescriptorByType(WaitForGitOpsMergeStep.DescriptorImpl.class);
        try (ACLContext ignored = as("reader")) {
            assertEquals(FormValidation.Kind.OK, d.doCheckNumber(job, "-3").kind);
        }
        try (ACLContext ignored = as("developer")) {
            assertEquals(FormValidation.Kind.ERROR, d.doCheckNumber(job, "-3").kind);
        }
    }

    @Test
    void onlyAdministratorsSeeTheRootCredentials() {
        try (ACLContext ignored = as("manager")) {
            assertFalse(values(GitOpsCredentials.fillItems(null, null)).contains("flux-hmac"));
        }
        try (ACLContext ignored = as("admin")) {
            assertTrue(values(GitOpsCredentials.fillItems(null, null)).contains("flux-hmac"));
        }
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(option -> option.value).toList();
    }
}
