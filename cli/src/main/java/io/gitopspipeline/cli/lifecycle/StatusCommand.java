package io.gitopspipeline.cli.lifecycle;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.lifecycle.EnvironmentStatus;
import io.gitopspipeline.lifecycle.HistoryQuery;
import io.gitopspipeline.lifecycle.PromotionHistory;
import io.gitopspipeline.lifecycle.PromotionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops status}: what runs where, per app and environment. */
@Command(
    name = "status",
    description = {
      "Show one row per app and environment: the current image, source commit, promotion commit"
          + " and age, from the newest promotion of each path; flags a path changed since by a"
          + " commit without trailers (\"edited by hand since\").",
      "JSON: {\"environments\":[...]}."
    },
    sortOptions = false)
public final class StatusCommand extends GitopsSubcommand {
  @Mixin RepositoryOptions repository;

  @Option(names = "--app", paramLabel = "APP", description = "Only this app.")
  String app;

  @Override
  protected int execute() throws GitOpsException {
    HistoryQuery query =
        new HistoryQuery(
            repository.repo,
            repository.branch,
            app,
            null,
            repository.path,
            Integer.MAX_VALUE,
            repository.credentials());
    List<EnvironmentStatus> statuses =
        new PromotionHistory(repository.settings(1)).status(query, console().progress());
    Instant now = Instant.now();
    List<Map<String, Object>> json = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("APP", "ENV", "IMAGE", "SOURCE", "COMMIT", "AGE", "NOTE"));
    for (EnvironmentStatus s : statuses) {
      PromotionRecord r = s.current();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("app", s.app());
      row.put("environment", s.environment());
      row.put("path", s.path());
      row.put("image", r.image());
      row.put("sourceCommit", r.sourceCommit());
      row.put("commit", r.commit());
      row.put("promotionCommit", r.promotionCommit());
      row.put("time", r.time().toString());
      row.put("ageSeconds", Math.max(0, now.getEpochSecond() - r.time().getEpochSecond()));
      row.put("rollback", r.isRollback());
      row.put("editedByHand", s.editedByHand());
      row.put("editedBy", s.editedBy());
      row.put("editedAt", s.editedAt() == null ? null : s.editedAt().toString());
      json.add(row);
      String note =
          s.editedByHand()
              ? "edited by hand since (" + Rows.shortSha(s.editedBy()) + ")"
              : r.isRollback() ? "rollback of " + Rows.shortSha(Rows.cell(r.rollbackOf())) : "";
      rows.add(
          List.of(
              Rows.cell(s.app()),
              Rows.cell(s.environment()),
              Rows.cell(r.image()),
              Rows.cell(Rows.shortSha(r.sourceCommit())),
              Rows.shortSha(r.commit()),
              Rows.age(r.time(), now),
              note));
    }
    String text = statuses.isEmpty() ? "no promotions on " + repository.branch : Rows.table(rows);
    console().result(Map.of("environments", json), text);
    return 0;
  }
}
