package io.gitopspipeline.render;

import java.util.List;
import java.util.Map;

/**
 * What a render produced, for people and scripts.
 *
 * @param engine {@code plain}, {@code kustomize} or {@code helm}
 * @param environment the environment rendered
 * @param resources how many resources
 * @param byKind resources per kind, sorted by kind
 * @param images container images referenced, sorted
 * @param tools external programs run: name, path and version
 * @param out the output directory, or null when streamed
 * @param changes against the previous output: added, changed and removed files
 * @param warnings things that did not stop rendering
 */
public record RenderSummary(
    String engine,
    String environment,
    int resources,
    Map<String, Integer> byKind,
    List<String> images,
    List<Tool> tools,
    String out,
    Changes changes,
    List<String> warnings) {

  /** An external program that ran. */
  public record Tool(String name, String path, String version) {}

  /**
   * Output files compared with a previous output directory (paths relative to it).
   *
   * @param compared the directory compared with, or null when there was none
   * @param changed files whose resources changed (beyond Secret values)
   * @param secretDataOnly files where only a Secret's values changed (and SOPS's metadata): a chart
   *     generating a random password on each render, or a re-encryption; not counted as changed,
   *     since no one can review such a change
   */
  public record Changes(
      String compared,
      List<String> added,
      List<String> changed,
      List<String> removed,
      int unchanged,
      List<String> secretDataOnly) {}
}
