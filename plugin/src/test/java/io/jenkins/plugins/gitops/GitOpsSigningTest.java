package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.FilePath;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.gitopspipeline.repo.signing.SigningKeys;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
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

/** {@code signingCredentialsId}: the commit is signed and the real {@code git verify-commit} agrees. */
@WithJenkins
class GitOpsSigningTest {
    private static final String PASSPHRASE = "c0rrect-h0rse-battery";

    @TempDir
    Path tmp;

    private JenkinsRule j;
    private SigningKeys keys;
    private Path remote;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        keys = new SigningKeys(Files.createDirectories(tmp.resolve("keys")));
        remote = tmp.resolve("gitops.git");
    }

    @AfterEach
    void tearDown() {
        keys.close();
    }

    private WorkflowJob job(String arguments) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'out/web/configmap.yaml', text: 'kind: ConfigMap\\n'\n"
                        + "  def r = gitopsPullRequest repository: '"
                        + remote
                        + "', branch: 'main', app: 'web', environment: 'dev', from: 'out',"
                        + " authorName: 'GitOps Bot', authorEmail: '"
                        + SigningKeys.EMAIL
                        + "'"
                        + arguments
                        + "\n"
                        + "  echo \"signed=${r.signature?.format} ${r.signature?.fingerprint}\"\n"
                        + "}\n",
                true));
        return p;
    }

    private String main() throws Exception {
        try (Repository repo =
                new FileRepositoryBuilder().setGitDir(remote.toFile()).build()) {
            ObjectId main = repo.resolve("refs/heads/main");
            return main.name();
        }
    }

    @Test
    void sshKeyCredentialSignsTheCommit() throws Exception {
        SigningKeys.SshKey key = keys.ssh("ed25519", 0, "s3cret");
        GitOpsTestSupport.addCredentials(new BasicSSHUserPrivateKey(
                CredentialsScope.GLOBAL,
                "signing-ssh",
                "git",
                new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource(Files.readString(key.privateKeyFile())),
                "s3cret",
                "commit signing"));

        WorkflowRun b = j.buildAndAssertSuccess(job(", signingCredentialsId: 'signing-ssh'"));

        j.assertLogContains("signed=ssh " + keys.sshFingerprint(key), b);
        SigningKeys.Verification verification = keys.verifyCommit(remote, main());
        assertTrue(verification.good(), verification.output());
    }

    @Test
    void globalOpenPgpSecretFileSignsWhenTheStepNamesNoKey() throws Exception {
        SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", "", null);
        GitOpsTestSupport.addCredentials(new FileCredentialsImpl(
                CredentialsScope.GLOBAL,
                "signing-pgp",
                "commit signing",
                "bot.asc",
                SecretBytes.fromRawBytes(Files.readAllBytes(key.secretKeyFile()))));
        GitOpsGlobalConfiguration.get().setSigningCredentialsId("signing-pgp");

        WorkflowRun b = j.buildAndAssertSuccess(job(""));

        j.assertLogContains("signed=openpgp " + key.primaryFingerprint(), b);
        SigningKeys.Verification verification = keys.verifyCommit(remote, main());
        assertTrue(verification.good(), verification.output());
    }

    private SigningKeys.PgpKey encryptedPgpKeyInASecretFile(String passphrase) throws Exception {
        SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", passphrase, null);
        GitOpsTestSupport.addCredentials(new FileCredentialsImpl(
                CredentialsScope.GLOBAL,
                "signing-pgp",
                "commit signing",
                "bot.asc",
                SecretBytes.fromRawBytes(Files.readAllBytes(key.secretKeyFile()))));
        return key;
    }

    private static void addSecretText(String id, String value) throws Exception {
        GitOpsTestSupport.addCredentials(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "passphrase", Secret.fromString(value)));
    }

    @Test
    void encryptedOpenPgpKeyIsUnlockedWithTheSecretTextPassphrase() throws Exception {
        SigningKeys.PgpKey key = encryptedPgpKeyInASecretFile(PASSPHRASE);
        addSecretText("signing-passphrase", PASSPHRASE);

        WorkflowRun b = j.buildAndAssertSuccess(
                job(", signingCredentialsId: 'signing-pgp', signingPassphraseCredentialsId: 'signing-passphrase'"));

        j.assertLogContains("signed=openpgp " + key.primaryFingerprint(), b);
        j.assertLogNotContains(PASSPHRASE, b);
        SigningKeys.Verification verification = keys.verifyCommit(remote, main());
        assertTrue(verification.good(), verification.output());
        assertNoPassphraseIn(j.jenkins.getItemByFullName("app", WorkflowJob.class));
    }

    @Test
    void globalKeyTakesTheGlobalPassphrase() throws Exception {
        SigningKeys.PgpKey key = encryptedPgpKeyInASecretFile(PASSPHRASE);
        addSecretText("signing-passphrase", PASSPHRASE);
        GitOpsGlobalConfiguration.get().setSigningCredentialsId("signing-pgp");
        GitOpsGlobalConfiguration.get().setSigningPassphraseCredentialsId("signing-passphrase");

        WorkflowRun b = j.buildAndAssertSuccess(job(""));

        j.assertLogContains("signed=openpgp " + key.primaryFingerprint(), b);
        SigningKeys.Verification verification = keys.verifyCommit(remote, main());
        assertTrue(verification.good(), verification.output());
    }

    @Test
    void encryptedKeyWithoutPassphraseFailsNamingTheArgumentAndPushesNothing() throws Exception {
        encryptedPgpKeyInASecretFile(PASSPHRASE);

        WorkflowRun b =
                j.buildAndAssertStatus(hudson.model.Result.FAILURE, job(", signingCredentialsId: 'signing-pgp'"));

        j.assertLogContains("is protected by a passphrase", b);
        j.assertLogContains("signingPassphraseCredentialsId", b);
        assertTrue(Files.notExists(remote));
    }

    @Test
    void wrongPassphraseFailsBeforeAnythingIsPushedAndIsMasked() throws Exception {
        encryptedPgpKeyInASecretFile(PASSPHRASE);
        addSecretText("signing-passphrase", "not-the-passphrase");

        WorkflowRun b = j.buildAndAssertStatus(
                hudson.model.Result.FAILURE,
                job(", signingCredentialsId: 'signing-pgp', signingPassphraseCredentialsId: 'signing-passphrase'"));

        j.assertLogContains("the signing passphrase does not unlock the OpenPGP signing key", b);
        j.assertLogNotContains("not-the-passphrase", b);
        assertTrue(Files.notExists(remote));
    }

    @Test
    void passphraseMustBeASecretText() throws Exception {
        encryptedPgpKeyInASecretFile(PASSPHRASE);
        GitOpsTestSupport.addCredentials(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "not-text", "wrong kind", "ci", PASSPHRASE));

        WorkflowRun b = j.buildAndAssertStatus(
                hudson.model.Result.FAILURE,
                job(", signingCredentialsId: 'signing-pgp', signingPassphraseCredentialsId: 'not-text'"));

        j.assertLogContains("'not-text' are not a secret text", b);
        j.assertLogNotContains(PASSPHRASE, b);
        assertTrue(Files.notExists(remote));
    }

    @Test
    void formOffersAndAcceptsOnlySecretTextForThePassphrase() throws Exception {
        encryptedPgpKeyInASecretFile(PASSPHRASE);
        addSecretText("signing-passphrase", PASSPHRASE);
        GitOpsPullRequestStep.DescriptorImpl descriptor =
                j.jenkins.getDescriptorByType(GitOpsPullRequestStep.DescriptorImpl.class);
        WorkflowJob p = job("");

        ListBoxModel items = descriptor.doFillSigningPassphraseCredentialsIdItems(p, "");

        assertTrue(items.stream().anyMatch(o -> o.value.equals("signing-passphrase")), items.toString());
        assertFalse(items.stream().anyMatch(o -> o.value.equals("signing-pgp")), items.toString());
        assertEquals(
                FormValidation.Kind.OK, descriptor.doCheckSigningPassphraseCredentialsId(p, "signing-passphrase").kind);
        assertEquals(
                FormValidation.Kind.ERROR, descriptor.doCheckSigningPassphraseCredentialsId(p, "signing-pgp").kind);
        assertEquals(FormValidation.Kind.WARNING, descriptor.doCheckSigningPassphraseCredentialsId(p, "missing").kind);
    }

    /** The passphrase reaches the agent only in a private temporary file, never the workspace. */
    private void assertNoPassphraseIn(WorkflowJob p) throws Exception {
        FilePath workspace = j.jenkins.getWorkspaceFor(p);
        for (FilePath file : workspace.list("**/*")) {
            assertFalse(file.readToString().contains(PASSPHRASE), file.getRemote());
        }
    }

    @Test
    void usernamePasswordCredentialIsRefusedBeforeAnythingIsPushed() throws Exception {
        GitOpsTestSupport.addCredentials(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "not-a-key", "wrong kind", "ci", "s3cret-pass"));

        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, job(", signingCredentialsId: 'not-a-key'"));

        j.assertLogContains("are a username with password", b);
        assertTrue(Files.notExists(remote));
    }
}
