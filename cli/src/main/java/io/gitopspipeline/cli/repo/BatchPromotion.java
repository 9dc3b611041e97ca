package io.gitopspipeline.cli.repo;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Progress;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.cli.Console;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code gitops promote --batch}: every promotion of a release train started at once through one
 * {@link Promoter}, so those of one branch are pushed together (one commit each) instead of racing.
 * Each promotion succeeds or fails on its own; the exit code is 1 when any failed.
 */
final class BatchPromotion {
  private static final int MAX_THREADS = 64;

  private final Promoter promoter;
  private final Console console;

  BatchPromotion(Promoter promoter, Console console) {
    this.promoter = promoter;
    this.console = console;
  }

  int run(List<Promotion> promotions) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(MAX_THREADS, promotions.size()),
            task -> {
              Thread thread = new Thread(task, "gitops-promote-batch");
              thread.setDaemon(true);
              return thread;
            });
    List<Future<PromotionResult>> futures = new ArrayList<>();
    try {
      for (Promotion promotion : promotions) {
        ProgressListener progress = prefixed(console.progress(), promotion);
        futures.add(pool.submit(() -> promoter.promote(promotion, progress)));
      }
      List<Map<String, Object>> json = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      int failed = 0;
      for (int i = 0; i < promotions.size(); i++) {
        Promotion promotion = promotions.get(i);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("app", promotion.app());
        entry.put("env", promotion.environment());
        String name = promotion.app() + " to " + promotion.environment();
        try {
          PromotionResult result = futures.get(i).get();
          entry.put("changed", result.changed());
          entry.put("commit", result.commit());
          entry.put("branch", result.branch());
          Map<String, Object> files = new LinkedHashMap<>();
          files.put("added", result.files().added());
          files.put("modified", result.files().modified());
          files.put("removed", result.files().removed());
          entry.put("files", files);
          if (!result.changed()) {
            entry.put("secretValuesOnly", result.secretValuesOnly());
          }
          if (result.changed() && promotion.signer().signature() != null) {
            entry.put("signature", SigningOptions.json(promotion.signer().signature()));
          }
          text.append(
              result.changed()
                  ? "promoted " + name + ": " + result.branch() + " at " + result.commit()
                  : result.secretValuesOnly()
                      ? "only Secret values changed; nothing to promote: "
                          + name
                          + " at "
                          + result.commit()
                      : "already up to date: " + name + " at " + result.commit());
        } catch (ExecutionException e) {
          failed++;
          String message =
              e.getCause() instanceof GitOpsException g
                  ? g.getMessage()
                  : "unexpected internal error (" + e.getCause().getClass().getSimpleName() + ")";
          entry.put("error", message);
          text.append("failed: ").append(name).append(": ").append(message);
          console.diagnostic("error: " + name + ": " + message);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failed++;
          entry.put("error", "interrupted");
          text.append("failed: ").append(name).append(": interrupted");
        }
        text.append('\n');
        json.add(entry);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("promotions", json);
      out.put("failed", failed);
      text.append(promotions.size() - failed)
          .append(" of ")
          .append(promotions.size())
          .append(" promotions done");
      console.result(out, text.toString());
      return failed == 0 ? 0 : 1;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The promotion's progress, each line naming its app and environment. */
  private static ProgressListener prefixed(ProgressListener target, Promotion promotion) {
    String prefix = promotion.app() + "/" + promotion.environment() + ": ";
    return p -> target.onProgress(new Progress(p.level(), p.topic(), prefix + p.message()));
  }
}
