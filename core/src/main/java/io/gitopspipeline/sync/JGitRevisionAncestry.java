package io.gitopspipeline.sync;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Ancestry from a local clone of the GitOps repository (the repository cache). A commit the clone
 * does not have yet counts as unknown, i.e. not contained; answers are cached because the same pair
 * is asked for every event of a target.
 */
public final class JGitRevisionAncestry implements RevisionAncestry {
  private static final int CACHE_SIZE = 4096;

  private final Repository repository;
  private final Map<String, Boolean> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  /** The repository stays the caller's to close. */
  public JGitRevisionAncestry(Repository repository) {
    this.repository = repository;
  }

  @Override
  public boolean contains(String descendant, String ancestor) {
    if (Revisions.same(descendant, ancestor)) {
      return true;
    }
    if (!Revisions.isCommit(descendant) || !Revisions.isHex(ancestor) || ancestor.length() < 7) {
      return false;
    }
    String key = descendant + ":" + ancestor;
    synchronized (cache) {
      Boolean known = cache.get(key);
      if (known != null) {
        return known;
      }
    }
    boolean answer = walk(descendant, ancestor);
    if (answer) {
      // "not contained" may change once the clone fetches; "contained" never does
      synchronized (cache) {
        cache.put(key, true);
      }
    }
    return answer;
  }

  private boolean walk(String descendant, String ancestor) {
    try (RevWalk walk = new RevWalk(repository)) {
      ObjectId descendantId = ObjectId.fromString(descendant);
      ObjectId ancestorId =
          ancestor.length() == descendant.length()
              ? ObjectId.fromString(ancestor)
              : resolveAbbreviated(ancestor);
      if (ancestorId == null
          || !repository.getObjectDatabase().has(descendantId)
          || !repository.getObjectDatabase().has(ancestorId)) {
        return false;
      }
      RevCommit base = walk.parseCommit(ancestorId);
      RevCommit tip = walk.parseCommit(descendantId);
      return walk.isMergedInto(base, tip);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private ObjectId resolveAbbreviated(String abbreviated) throws IOException {
    try {
      return repository.resolve(abbreviated + "^{commit}");
    } catch (org.eclipse.jgit.errors.RevisionSyntaxException
        | org.eclipse.jgit.errors.AmbiguousObjectException e) {
      return null;
    }
  }
}
