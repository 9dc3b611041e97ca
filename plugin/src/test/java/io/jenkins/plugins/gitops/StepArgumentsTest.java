package io.jenkins.plugins.gitops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.gitops.util.Steps;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How steps read their string arguments: lists, key=value lines, durations. */
class StepArgumentsTest {
    @Test
    void listsAreSplitOnCommasAndNewLinesWithoutEmptyEntries() {
        assertEquals(
                List.of("Kustomization/flux-system/apps", "HelmRelease/web/web", "Application/argocd/web"),
                Steps.list(" Kustomization/flux-system/apps,\nHelmRelease/web/web ,, \n Application/argocd/web\n"));
        assertEquals(List.of(), Steps.list(null));
    }

    @Test
    void keyValueLinesKeepCommasAndEqualSignsInValues() throws Exception {
        List<String[]> pairs = GitOpsRenderStep.pairs("set", "image.tag=1.2.3\nargs={a,b}\nquery=x=y\n\n");

        assertEquals(3, pairs.size());
        assertArrayEquals(new String[] {"image.tag", "1.2.3"}, pairs.get(0));
        assertArrayEquals(new String[] {"args", "{a,b}"}, pairs.get(1));
        assertArrayEquals(new String[] {"query", "x=y"}, pairs.get(2));
    }

    @Test
    void aLineWithoutKeyIsRefusedNamingIt() {
        AbortException e = assertThrows(AbortException.class, () -> GitOpsRenderStep.pairs("vars", "=oops"));

        assertTrue(e.getMessage().contains("vars: '=oops' is not key=value"), e.getMessage());
    }

    @Test
    void durationsAreReadLikeFluxAndFallBackToTheDefault() throws Exception {
        assertEquals(Duration.ofMinutes(90), Steps.duration("timeout", "1h30m", "30m"));
        assertEquals(Duration.ofMinutes(30), Steps.duration("timeout", "  ", "30m"));
        AbortException e = assertThrows(AbortException.class, () -> Steps.duration("timeout", "soon", "30m"));
        assertTrue(e.getMessage().startsWith("timeout: duration 'soon'"), e.getMessage());
    }
}
