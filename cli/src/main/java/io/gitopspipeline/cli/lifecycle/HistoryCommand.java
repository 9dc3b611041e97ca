package io.gitopspipeline.cli.lifecycle;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.lifecycle.HistoryQuery;
import io.gitopspipeline.lifecycle.PromotionHistory;
import io.gitopspipeline.lifecycle.PromotionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops history}: the promotions recorded on an environment branch, newest first. */
@Command(
    name = "history",
    description = {
      "List the promotions on an environment branch, newest first, read from the GitOps-*"
          + " trailers of the commits that touch the apps' paths (no checkout).",
      "A merged pull request counts at the merge's time with the trailers of the promotion"
          + " commit it brought in. JSON: {\"promotions\":[...]}."
    },
    sortOptions = false)
public final class HistoryCommand extends GitopsSubcommand {
  @Mixin RepositoryOptions repository;

  @Option(names = "--app", paramLabel = "APP", description = "Only this app.")
  String app;

  @Option(names = "--env", paramLabel = "ENV", description = "Only this environment.")
  String env;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "At most N promotions (default: 50).")
  int limit;

  @Override
  protected int execute() throws GitOpsException {
    if (limit < 1) {
      throw new InvalidInputException("--limit must be at least 1, not " + limit);
    }
    HistoryQuery query =
        new HistoryQuery(
            repository.repo,
            repository.branch,
            app,
            env,
            repository.path,
            limit,
            repository.credentials());
    List<PromotionRecord> records =
        new PromotionHistory(repository.settings(1)).history(query, console().progress());
    List<Map<String, Object>> json = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("COMMIT", "TIME", "APP", "ENV", "IMAGE", "SOURCE", "ARRIVAL", "BUILD"));
    for (PromotionRecord r : records) {
      json.add(Rows.json(r));
      String arrival =
          r.arrival().jsonName()
              + (r.commit().equals(r.promotionCommit())
                  ? ""
                  : " (" + Rows.shortSha(r.promotionCommit()) + ")")
              + (r.isRollback() ? ", rollback of " + Rows.shortSha(Rows.cell(r.rollbackOf())) : "");
      rows.add(
          List.of(
              Rows.shortSha(r.commit()),
              Rows.time(r.time()),
              Rows.cell(r.app()),
              Rows.cell(r.environment()),
              Rows.cell(r.image()),
              Rows.cell(Rows.shortSha(r.sourceCommit())),
              arrival,
              Rows.cell(r.buildUrl())));
    }
    String text =
        records.isEmpty()
            ? "no promotions on " + repository.branch + (app == null ? "" : " for " + app)
            : Rows.table(rows);
    console().result(Map.of("promotions", json), text);
    return 0;
  }
}
