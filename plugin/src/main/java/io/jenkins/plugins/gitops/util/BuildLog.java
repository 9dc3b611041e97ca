package io.jenkins.plugins.gitops.util;

import hudson.model.TaskListener;
import io.gitopspipeline.api.Progress;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.api.Urls;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Renders core's progress into a build log. Core's messages never contain secrets by contract;
 * this also replaces every credential value the step handed to core with {@code ****}, and the
 * user-info of every URL with {@code ***}, so a misbehaving server that echoes a token back, or a
 * repository URL written with its token, still cannot put it in the log.
 *
 * <p>Serializable so a step can send it to the agent with the rest of its {@link
 * hudson.FilePath#act} callable: the {@link TaskListener} forwards its output to the controller.
 */
public final class BuildLog implements ProgressListener, Serializable {
    private static final long serialVersionUID = 1L;
    private static final String MASK = "****";

    private final TaskListener listener;
    private final ArrayList<hudson.util.Secret> masked;

    public BuildLog(TaskListener listener, Collection<hudson.util.Secret> masked) {
        this.listener = listener;
        this.masked = new ArrayList<>(masked);
    }

    public BuildLog(TaskListener listener) {
        this(listener, List.of());
    }

    @Override
    public void onProgress(Progress progress) {
        if (progress.level() == Progress.Level.DEBUG) {
            return;
        }
        String prefix = progress.level() == Progress.Level.WARN ? "[gitops] WARNING: " : "[gitops] ";
        println(prefix + progress.message());
    }

    /** Prints one line, masking every known secret value and the user-info of every URL in it. */
    public void println(String line) {
        PrintStream out = listener.getLogger();
        out.println(mask(line));
    }

    public String mask(String text) {
        // A repository URL given with user-info (https://TOKEN@host/...) is a credential too.
        String result = Urls.maskUserInfo(text);
        for (hudson.util.Secret secret : masked) {
            String plain = secret.getPlainText();
            if (plain.length() >= 3) { // masking one or two characters would garble ordinary text
                result = result.replace(plain, MASK);
            }
        }
        return result;
    }

    public TaskListener listener() {
        return listener;
    }
}
