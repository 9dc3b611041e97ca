package io.gitopspipeline.scm.webhook;

import io.gitopspipeline.scm.ProviderType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The factory of {@link ScmEventParser}s, one per provider. Adding a provider is one parser class
 * and one line here.
 */
public final class ScmEventParsers {
  private static final Map<ProviderType, ScmEventParser> PARSERS =
      new EnumMap<>(ProviderType.class);

  static {
    for (ScmEventParser parser :
        List.of(
            new GitHubEventParser(),
            new GitLabEventParser(),
            new GiteaEventParser(),
            new BitbucketEventParser(),
            new BitbucketCloudEventParser(),
            new AzureEventParser())) {
      PARSERS.put(parser.provider(), parser);
    }
  }

  private ScmEventParsers() {}

  /** The parser for {@code provider}'s webhooks. */
  public static ScmEventParser forProvider(ProviderType provider) {
    return PARSERS.get(provider);
  }
}
