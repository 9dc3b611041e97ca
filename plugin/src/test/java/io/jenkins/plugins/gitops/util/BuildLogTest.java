package io.jenkins.plugins.gitops.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hudson.util.StreamTaskListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the build log shows of lines that carry credentials. */
class BuildLogTest {
    @Test
    void aRepositoryUrlWithATokenAsItsUserIsMaskedInTheLog() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildLog log = new BuildLog(new StreamTaskListener(out, StandardCharsets.UTF_8));

        log.println("[gitops] Promoting web to dev in https://ghp_secret123@git.example/org/gitops.git (main, direct)");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertFalse(printed.contains("ghp_secret123"), printed);
        assertEquals(
                "[gitops] Promoting web to dev in https://***@git.example/org/gitops.git (main, direct)",
                printed.strip());
    }
}
