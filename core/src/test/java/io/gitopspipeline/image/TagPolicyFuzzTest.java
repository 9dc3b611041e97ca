package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gitopspipeline.api.InvalidInputException;
import java.time.Instant;
import java.util.List;

class TagPolicyFuzzTest {
  /** Any template and build either gives valid, distinct tags or a clear InvalidInputException. */
  @FuzzTest(maxDuration = "30s")
  void givesValidTagsOrItsOwnError(FuzzedDataProvider data) {
    TagPolicy policy =
        new TagPolicy(
            List.of(data.consumeString(60), data.consumeString(60)),
            data.consumeInt(4, 64),
            data.consumeInt(12, 128));
    BuildInfo build =
        new BuildInfo(
            data.consumeString(40),
            data.consumeString(64),
            data.consumeString(200),
            data.consumeString(12),
            Instant.ofEpochSecond(data.consumeLong(0, 253402300799L)));
    try {
      List<String> tags = policy.tags(build);
      assertThat(tags).doesNotHaveDuplicates().allMatch(ImageReference::isValidTag);
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
