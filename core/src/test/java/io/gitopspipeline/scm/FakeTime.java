package io.gitopspipeline.scm;

import io.gitopspipeline.api.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when someone sleeps, and a record of the sleeps and progress. */
public final class FakeTime extends Clock {
  private Instant now;
  public final List<Duration> sleeps = new ArrayList<>();
  public final List<Progress> progress = new ArrayList<>();

  public FakeTime(Instant start) {
    this.now = start;
  }

  public FakeTime() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A context on this clock that waits rate limits out for up to {@code maxRateLimitWait}. */
  public ScmContext context(Duration maxRateLimitWait) {
    return new ScmContext(
        this,
        duration -> {
          sleeps.add(duration);
          now = now.plus(duration);
        },
        progress::add,
        maxRateLimitWait,
        Duration.ofSeconds(10));
  }

  public ScmContext context() {
    return context(Duration.ofMinutes(5));
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public java.time.ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(java.time.ZoneId zone) {
    return this;
  }
}
