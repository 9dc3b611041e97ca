package io.gitopspipeline.lifecycle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The promotions already read for one query, kept in the cache directory with the branch tip they
 * were read at: a later read walks only the commits added since (or nothing when the tip did not
 * move). A file that cannot be read is ignored and rewritten; a branch rewritten so that the old
 * tip is no longer its ancestor is walked in full again.
 */
final class HistoryCache {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .findAndAddModules()
          .build();
  private static final long MAX_BYTES = 64L * 1024 * 1024;

  /** What the cache holds for a query. */
  record Entry(String tip, List<Stored> promotions) {}

  /** A promotion as stored (time as epoch milliseconds, so no Java time module is needed). */
  record Stored(
      String commit,
      String promotionCommit,
      long timeMillis,
      String app,
      String environment,
      String image,
      String sourceRepository,
      String sourceCommit,
      String buildUrl,
      String rollbackOf,
      Arrival arrival) {
    static Stored of(PromotionRecord r) {
      return new Stored(
          r.commit(),
          r.promotionCommit(),
          r.time().toEpochMilli(),
          r.app(),
          r.environment(),
          r.image(),
          r.sourceRepository(),
          r.sourceCommit(),
          r.buildUrl(),
          r.rollbackOf(),
          r.arrival());
    }

    PromotionRecord record() {
      return new PromotionRecord(
          commit,
          promotionCommit,
          Instant.ofEpochMilli(timeMillis),
          app,
          environment,
          image,
          sourceRepository,
          sourceCommit,
          buildUrl,
          rollbackOf,
          arrival);
    }
  }

  private final Path file;

  HistoryCache(Path directory, String remote, String branch, String path, String app, String env) {
    String key = String.join("\n", remote, branch, path, String.valueOf(app), String.valueOf(env));
    this.file = directory.resolve("history-index").resolve(sha256(key) + ".json");
  }

  Optional<Entry> read() {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
        return Optional.empty();
      }
      Entry entry = JSON.readValue(file.toFile(), new TypeReference<Entry>() {});
      return entry.tip() != null && ObjectId.isId(entry.tip()) && entry.promotions() != null
          ? Optional.of(entry)
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // a damaged cache only costs a full walk
    }
  }

  void write(ObjectId tip, List<PromotionRecord> records) {
    List<Stored> stored = new ArrayList<>(records.size());
    for (PromotionRecord r : records) {
      stored.add(Stored.of(r));
    }
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "history-", ".tmp");
      try {
        JSON.writeValue(temp.toFile(), new Entry(tip.name(), stored));
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // the cache is an optimisation; the history itself was read
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
