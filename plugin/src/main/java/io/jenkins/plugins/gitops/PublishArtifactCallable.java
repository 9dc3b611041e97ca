package io.jenkins.plugins.gitops;

import hudson.remoting.VirtualChannel;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.WorkspacePaths;
import io.gitopspipeline.artifact.ArtifactPusher;
import io.gitopspipeline.artifact.ArtifactReference;
import io.gitopspipeline.artifact.PushResult;
import io.gitopspipeline.image.CredentialSource;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.RegistryClientOptions;
import io.gitopspipeline.render.SecretPolicy;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.PrivateFiles;
import io.jenkins.plugins.gitops.util.Steps;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * The agent side of {@code gitopsPublishArtifact}: core's {@link ArtifactPusher} run against the
 * workspace directory in place, the same call {@code gitops artifact push} makes. Packing where the
 * files are keeps the tree exactly as it is (empty directories included) and lets core refuse links
 * and special files, so the step's layer digest is the CLI's for the same tree; a copy to the
 * controller would lose what Jenkins' directory scanners skip. The registry is reached from the
 * agent, with the registry credential mapped on the controller.
 */
final class PublishArtifactCallable extends MasterToSlaveFileCallable<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    /** Everything the step was given, as plain values. */
    record Request(
            String directory,
            String reference,
            ArrayList<String> tags,
            String source,
            String revision,
            boolean allowMove,
            ArrayList<String> insecureRegistries,
            ArrayList<String> allowSecrets,
            boolean allowPlainSecrets)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Request request;
    private final MappedCredential credential;
    private final BuildLog log;

    PublishArtifactCallable(Request request, MappedCredential credential, BuildLog log) {
        this.request = request;
        this.credential = credential;
        this.log = log;
    }

    @Override
    public Map<String, Object> invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Path dockerConfigDirectory = null;
        try {
            Path directory = WorkspacePaths.inside(workspace.toPath(), request.directory(), "directory");
            RegistryCredentialMapping mapped = RegistryCredentialMapping.of(credential);
            dockerConfigDirectory = mapped.configDirectory();
            CredentialSource credentials = mapped.credentials();
            RegistryClientOptions options = RegistryClientOptions.defaults()
                    .withCredentials(credentials)
                    .withInsecureRegistries(new HashSet<>(request.insecureRegistries()));
            PushResult result = new ArtifactPusher(new HttpRegistryClient(options, log))
                    .push(
                            new ArtifactPusher.Request(
                                    directory,
                                    ArtifactReference.parse(request.reference()),
                                    request.tags(),
                                    request.source(),
                                    request.revision(),
                                    null,
                                    request.allowMove(),
                                    SecretPolicy.of(request.allowPlainSecrets(), request.allowSecrets())),
                            log);
            log.println("[gitops] " + (result.uploaded() ? "Pushed " : "Unchanged ") + result.ref() + " as "
                    + String.join(", ", result.tags()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ref", result.ref());
            out.put("digest", result.digest());
            out.put("tags", new ArrayList<>(result.tags()));
            return out;
        } catch (GitOpsException e) {
            throw Steps.abort(e);
        } finally {
            PrivateFiles.delete(dockerConfigDirectory);
        }
    }
}
