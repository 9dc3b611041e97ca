package io.gitopspipeline.yaml;

/**
 * One value an edit changed.
 *
 * @param document index of the document in the file's YAML stream, from 0
 * @param path where the value sits, in the path syntax {@code gitops yaml set} takes
 * @param line 1-based line of the value in the edited file
 * @param oldValue the value before, or null when the edit created the key
 * @param newValue the value after
 * @param setter the Flux image policy setter that asked for the change ({@code ns:name:tag}), or
 *     null for other edits
 */
public record Change(
    int document, String path, int line, String oldValue, String newValue, String setter) {}
