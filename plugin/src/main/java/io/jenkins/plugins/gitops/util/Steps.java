package io.jenkins.plugins.gitops.util;

import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;

/** Small conversions every step shares. */
public final class Steps {
    private Steps() {}

    /**
     * A core failure as a build failure: {@link AbortException} prints its message without a stack
     * trace, which is what core's messages are written for (they say what went wrong and what to do).
     */
    public static AbortException abort(GitOpsException e) {
        String kind =
                switch (e.kind()) {
                    case INVALID_INPUT -> "invalid input: ";
                    case TIMED_OUT -> "timed out: ";
                    case FAILED -> "";
                };
        return new AbortException(kind + e.getMessage());
    }

    /** {@code value} parsed by core ({@code 90s}, {@code 5m}, {@code 1h30m}, {@code PT5M}), else the fallback. */
    public static Duration duration(String what, String value, String fallback) throws AbortException {
        String text = Util.fixEmptyAndTrim(value);
        if (text == null) {
            text = fallback;
        }
        try {
            return Durations.parse(text);
        } catch (InvalidInputException e) {
            throw new AbortException(what + ": " + e.getMessage());
        }
    }

    /** A comma or newline separated list, trimmed, without empty entries. */
    public static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        if (text != null) {
            for (String item : text.split("[,\\n]")) {
                String trimmed = item.trim();
                if (!trimmed.isEmpty()) {
                    items.add(trimmed);
                }
            }
        }
        return items;
    }

    /** Null for null, empty or blank text, else the trimmed text. */
    public static String text(String value) {
        return Util.fixEmptyAndTrim(value);
    }

    /**
     * Whether the current user may run a form check of a step configured in {@code item}: those who
     * may configure the job, or administrators where there is no job (the global Snippet Generator).
     */
    public static boolean mayCheck(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }
}
