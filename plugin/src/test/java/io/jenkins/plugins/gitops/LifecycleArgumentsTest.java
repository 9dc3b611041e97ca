package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.gitops.actions.LifecycleRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lifecycle's plain decisions: onFailure values, where git work may run, rollback rows. */
class LifecycleArgumentsTest {
    @Test
    void onFailureIsFailByDefaultOrRollbackAndNothingElse() throws Exception {
        assertEquals("fail", OnFailureRollback.parse(null));
        assertEquals("fail", OnFailureRollback.parse("  "));
        assertEquals("rollback", OnFailureRollback.parse("Rollback"));
        AbortException e = assertThrows(AbortException.class, () -> OnFailureRollback.parse("revert"));
        assertEquals("invalid input: onFailure 'revert' is not known; use 'fail' or 'rollback'", e.getMessage());
    }

    @Test
    void onlyHttpRemotesMayBeReachedFromTheController() {
        assertTrue(RepositoryWork.isNetworkRemote("https://github.com/example/gitops.git"));
        assertTrue(RepositoryWork.isNetworkRemote("ssh://git@github.com/example/gitops.git"));
        assertTrue(RepositoryWork.isNetworkRemote("git@github.com:example/gitops.git"));
        assertFalse(RepositoryWork.isNetworkRemote("file:///srv/gitops.git"));
        assertFalse(RepositoryWork.isNetworkRemote("/srv/gitops.git"));
        assertFalse(RepositoryWork.isNetworkRemote("C:\\gitops"));
        assertFalse(RepositoryWork.isNetworkRemote(null));
        // the controller itself reaches HTTP(S) remotes only: SSH would use its own known_hosts
        assertTrue(RepositoryWork.isHttpRemote("https://github.com/example/gitops.git"));
        assertFalse(RepositoryWork.isHttpRemote("ssh://git@github.com/example/gitops.git"));
        assertFalse(RepositoryWork.isHttpRemote("git@github.com:example/gitops.git"));
        assertFalse(RepositoryWork.isHttpRemote("file:///srv/gitops.git"));
    }

    @Test
    void aRollbackRowSaysWhatCameBackAndLinksOnlyWebPullRequests() {
        LifecycleRecord row = LifecycleRecord.rollback(
                "web",
                "prod",
                "gitopsRollback",
                Map.of(
                        "changed",
                        true,
                        "commit",
                        "8c2d1f0",
                        "pr",
                        Map.of("url", "javascript:alert(1)"),
                        "rollback",
                        Map.of("rollbackOf", "41f9e07", "target", Map.of("image", "web:1.3.0"))));

        assertEquals(LifecycleRecord.ROLLBACK, row.getKind());
        assertEquals("rollback proposed to web:1.3.0", row.getMessage());
        assertEquals("41f9e07", row.getSubject());
        assertEquals("8c2d1f0", row.getCommit());
        assertNull(row.getPullRequestUrl(), "only http(s) links are rendered as an href");
    }
}
