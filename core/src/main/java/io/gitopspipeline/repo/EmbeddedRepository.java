package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.repo.signing.CommitSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * The embedded default: a GitOps repository created on the spot as a bare repository at a local
 * path, with one initial commit on the environment branch, so a first run needs no server at all.
 */
final class EmbeddedRepository {
  static final String README =
      """
      # GitOps repository

      Created by `gitops promote`. Each app's rendered manifests for each environment live in
      `apps/<app>/<env>/` (unless a path template says otherwise); every commit carries GitOps-*
      trailers naming the app, environment, image, source commit and build.
      """;

  private EmbeddedRepository() {}

  static ObjectId create(Path gitDir, String branch, GitIdentity identity, CommitSigner signer)
      throws GitOpsException {
    try (Repository repo = new FileRepository(gitDir.toFile())) {
      repo.create(true);
      ObjectId commit;
      try (ObjectInserter inserter = repo.newObjectInserter()) {
        ObjectId readme =
            inserter.insert(Constants.OBJ_BLOB, README.getBytes(StandardCharsets.UTF_8));
        TreeFormatter tree = new TreeFormatter();
        tree.append("README.md", FileMode.REGULAR_FILE, readme);
        CommitBuilder builder = new CommitBuilder();
        builder.setTreeId(inserter.insert(tree));
        PersonIdent person = new PersonIdent(identity.name(), identity.email());
        builder.setAuthor(person);
        builder.setCommitter(person);
        builder.setMessage("Initialize GitOps repository\n");
        signer.sign(builder);
        commit = inserter.insert(builder);
        inserter.flush();
      }
      RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(commit);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW) {
        throw new GitOpsException(
            "could not create branch "
                + branch
                + " in the new repository "
                + gitDir
                + ": "
                + result);
      }
      repo.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
      return commit;
    } catch (IOException e) {
      throw new GitOpsException(
          "cannot create the GitOps repository at " + gitDir + ": " + e.getMessage(), e);
    }
  }
}
