package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import io.jenkins.plugins.gitops.config.ScmServer;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {
    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void isConfiguredFromYaml(JenkinsConfiguredWithCodeRule r) {
        GitOpsGlobalConfiguration config = GitOpsGlobalConfiguration.get();

        assertEquals("flux-hmac", config.getFluxSecretCredentialsId());
        assertEquals("argo-token", config.getArgocdTokenCredentialsId());
        assertEquals("20m", config.getSyncTimeout());
        assertEquals("signing-key", config.getSigningCredentialsId());
        assertEquals("signing-passphrase", config.getSigningPassphraseCredentialsId());
        ScmServer server = config.scmServer("github");
        assertEquals("https://github.example.com/api/v3", server.getServerUrl());
        assertEquals("github-token", server.getCredentialsId());
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void exportsWhatItWasConfiguredWith(JenkinsConfiguredWithCodeRule r) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode gitops = Util.getUnclassifiedRoot(context).get("gitops");

        String exported = Util.toYamlString(gitops);

        assertEquals(Util.toStringFromYamlFile(this, "configuration-as-code-expected.yml"), exported);
    }
}
