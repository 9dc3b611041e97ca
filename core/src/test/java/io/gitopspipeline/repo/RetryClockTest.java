package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryClockTest {
  @RepeatedTest(20)
  void waitsAreFullJitterUnderADoublingCap() {
    Duration initial = Duration.ofMillis(100);
    Duration max = Duration.ofSeconds(5);
    assertThat(RetryClock.backoffMillis(1, initial, max)).isBetween(0L, 100L);
    assertThat(RetryClock.backoffMillis(3, initial, max)).isBetween(0L, 400L);
    assertThat(RetryClock.backoffMillis(40, initial, max)).isBetween(0L, 5000L);
  }

  @Test
  void fullJitterSpreadsWaitsOverTheWholeRange() {
    long below = 0;
    for (int i = 0; i < 1000; i++) {
      if (RetryClock.backoffMillis(5, Duration.ofMillis(100), Duration.ofSeconds(5)) < 800) {
        below++;
      }
    }
    // the cap is 1,600 ms: about half the waits fall below its middle (not "half to all")
    assertThat(below).isBetween(300L, 700L);
  }

  @Test
  void anAttemptCapStopsRetriesBeforeTheDeadline() {
    RetryClock clock = new RetryClock(Duration.ofMinutes(5), 2);
    clock.attempted();
    assertThat(clock.mayTryAgain()).isTrue();
    clock.attempted();
    assertThat(clock.mayTryAgain()).isFalse();
    assertThat(clock.summary()).startsWith("2 attempts in ");
  }

  @Test
  void thePassedDeadlineStopsRetriesWhateverTheCount() throws Exception {
    RetryClock clock = new RetryClock(Duration.ofMillis(1), Integer.MAX_VALUE);
    clock.attempted();
    Thread.sleep(5);
    assertThat(clock.mayTryAgain()).isFalse();
    assertThat(clock.summary()).startsWith("1 attempt in ");
  }
}
