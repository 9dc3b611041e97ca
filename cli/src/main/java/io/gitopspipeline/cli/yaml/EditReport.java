package io.gitopspipeline.cli.yaml;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.cli.Console;
import io.gitopspipeline.yaml.Change;
import io.gitopspipeline.yaml.FileEdit;
import io.gitopspipeline.yaml.YamlEditor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes planned edits (unless it is a dry run) and prints them: {@code {"files":[{"path",
 * "changes":[...]}]}} as JSON, one line per change as text, or a unified diff for a dry run.
 */
final class EditReport {
  private EditReport() {}

  static int finish(Console console, YamlEditor editor, List<FileEdit> edits, boolean dryRun)
      throws GitOpsException {
    if (!dryRun) {
      for (FileEdit edit : edits) {
        editor.write(edit);
      }
    }
    List<Map<String, Object>> files = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (FileEdit edit : edits) {
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("path", edit.path().toString());
      List<Map<String, Object>> changes = new ArrayList<>();
      for (Change change : edit.changes()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("document", change.document());
        json.put("path", change.path());
        json.put("line", change.line());
        json.put("old", change.oldValue());
        json.put("new", change.newValue());
        if (change.setter() != null) {
          json.put("setter", change.setter());
        }
        changes.add(json);
        if (!dryRun) {
          text.append(edit.path())
              .append(':')
              .append(change.line())
              .append(": ")
              .append(change.path())
              .append(": ")
              .append(change.oldValue() == null ? "(new)" : change.oldValue())
              .append(" -> ")
              .append(change.newValue() == null ? "(removed)" : change.newValue())
              .append('\n');
        }
      }
      file.put("changes", changes);
      if (dryRun) {
        file.put("diff", edit.unifiedDiff());
        text.append(edit.unifiedDiff());
      }
      files.add(file);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("files", files);
    json.put("dryRun", dryRun);
    if (text.length() == 0) {
      text.append("no changes");
    }
    console.result(json, text.toString());
    return 0;
  }
}
