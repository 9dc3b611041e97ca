package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import io.jenkins.plugins.gitops.config.ScmServer;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GitOpsGlobalConfigurationTest {
    @Test
    void survivesASaveOfTheConfigurationPage(JenkinsRule j) throws Exception {
        GitOpsTestSupport.configureWebhookSecrets();
        GitOpsGlobalConfiguration config = GitOpsGlobalConfiguration.get();
        ScmServer gitlab = new ScmServer("gitlab", "https://gitlab.example.com");
        gitlab.setCredentialsId("argo-token");
        config.setScmServers(List.of(gitlab));
        config.setSyncTimeout("45m");
        config.setMergeTimeout("3h");
        config.setPollInterval("15s");
        GitOpsTestSupport.addCredentials(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "signing-passphrase", "passphrase", Secret.fromString("c0rrect-h0rse")));
        config.setSigningPassphraseCredentialsId("signing-passphrase");

        j.configRoundtrip();

        GitOpsGlobalConfiguration after = GitOpsGlobalConfiguration.get();
        assertEquals("flux-hmac", after.getFluxSecretCredentialsId());
        assertEquals("argo-token", after.getArgocdTokenCredentialsId());
        assertEquals("45m", after.getSyncTimeout());
        assertEquals("3h", after.getMergeTimeout());
        assertEquals("15s", after.getPollInterval());
        assertEquals("signing-passphrase", after.getSigningPassphraseCredentialsId());
        assertEquals(1, after.getScmServers().size());
        j.assertEqualDataBoundBeans(gitlab, after.getScmServers().get(0));
    }

    @Test
    void hasDefaultTimeoutsOutOfTheBox(JenkinsRule j) {
        GitOpsGlobalConfiguration config = GitOpsGlobalConfiguration.get();

        assertEquals("30m", config.getSyncTimeout());
        assertEquals("2h", config.getMergeTimeout());
        assertEquals("30s", config.getPollInterval());
    }
}
