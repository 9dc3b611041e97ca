package io.gitopspipeline.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gitopspipeline.api.Secret;
import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.RevisionAncestry;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import io.gitopspipeline.sync.Wait;
import io.gitopspipeline.sync.WaitListener;
import io.gitopspipeline.sync.WaitOutcome;
import io.gitopspipeline.sync.WaitRegistry;
import io.gitopspipeline.sync.WaitRequest;
import io.gitopspipeline.sync.WaitState;
import io.gitopspipeline.sync.WebhookAuthenticator;
import io.gitopspipeline.sync.WebhookHandler;
import io.gitopspipeline.sync.WebhookRequest;
import io.gitopspipeline.sync.WebhookResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Argo CD configuration documented in docs/webhooks.md and docs/sync.md: its template is
 * rendered for Application states (fixtures in {@code sync/argocd-apps}, real status shapes) and
 * the bodies are posted to the receiver; its trigger is checked against a model of
 * notifications-engine (a rule sends when its condition holds and its {@code oncePer} value was
 * never sent; the values are never forgotten), whose rules must be the documented text.
 */
class DocumentedArgoCdConfigTest {
  private static final String NEW = "8f2c1d0e5b7a4c3d9e1f0a2b3c4d5e6f7a8b9c0d";
  private static final String TOKEN = "argo-token";
  private static final Target SINGLE = Target.of("Application", "argocd", "podinfo-staging");
  private static final Target MULTI = Target.of("Application", "argocd", "podinfo-multi");

  /** The documented rules, whitespace-normalised, in order. */
  private static final List<String> DOCUMENTED_RULES =
      List.of(
          "app.status.operationState != nil and app.status.operationState.phase in ['Error',"
              + " 'Failed']",
          "[app.status.operationState?.syncResult?.revision,"
              + " app.status.operationState?.syncResult?.revisions]",
          "app.status.operationState != nil and app.status.operationState.phase == 'Succeeded' and"
              + " (app.status.health?.lastTransitionTime == nil or"
              + " !time.Parse(app.status.health.lastTransitionTime).Before(time.Parse(app.status.operationState.startedAt))"
              + " or (app.status.reconciledAt != nil and"
              + " time.Parse(app.status.reconciledAt).After(time.Parse(app.status.operationState.finishedAt))))",
          "[app.status.operationState?.syncResult?.revision,"
              + " app.status.operationState?.syncResult?.revisions, app.status.health?.status]");

  /** The same rules as Java, over the Application as an unstructured map. */
  private static final List<Rule> DOCUMENTED =
      List.of(
          new Rule(
              app -> op(app) != null && List.of("Error", "Failed").contains(op(app).get("phase")),
              app -> key(result(app, "revision"), result(app, "revisions"))),
          new Rule(
              app ->
                  op(app) != null
                      && "Succeeded".equals(op(app).get("phase"))
                      && (health(app, "lastTransitionTime") == null
                          || !time(health(app, "lastTransitionTime"))
                              .isBefore(time(op(app).get("startedAt")))
                          || (status(app).get("reconciledAt") != null
                              && time(status(app).get("reconciledAt"))
                                  .isAfter(time(op(app).get("finishedAt"))))),
              app ->
                  key(result(app, "revision"), result(app, "revisions"), health(app, "status"))));

  /**
   * The trigger documented before: its second rule fired on health alone, keyed revision+health.
   */
  private static final List<Rule> EARLIER =
      List.of(
          new Rule(
              app ->
                  op(app) != null
                      && List.of("Succeeded", "Error", "Failed").contains(op(app).get("phase")),
              app -> key(result(app, "revision"))),
          new Rule(
              app -> List.of("Healthy", "Degraded").contains(health(app, "status")),
              app -> String.valueOf(result(app, "revision")) + health(app, "status")));

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  record Rule(Predicate<Map<String, Object>> when, Function<Map<String, Object>, String> oncePer) {}

  record Documented(String where, Map<String, Object> data) {
    @SuppressWarnings("unchecked")
    Map<String, Object> yaml(String key) {
      return (Map<String, Object>) load((String) data.get(key));
    }

    @SuppressWarnings("unchecked")
    String bodyTemplate() {
      Map<String, Object> webhook =
          (Map<String, Object>) yaml("template.jenkins-gitops").get("webhook");
      return (String) ((Map<String, Object>) webhook.get("jenkins-gitops")).get("body");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules() {
      return (List<Map<String, Object>>) load((String) data.get("trigger.jenkins-gitops"));
    }

    String render(Map<String, Object> app) {
      return GoTemplateSubset.render(
          bodyTemplate(), Map.of("app", app, "context", yaml("context")));
    }
  }

  /** Every documented argocd-notifications-cm. */
  @SuppressWarnings("unchecked")
  private static List<Documented> documented() {
    List<Documented> found = new ArrayList<>();
    for (DocSnippets.Snippet snippet : DocSnippets.yamlBlocks()) {
      for (Object document : snippet.documents()) {
        if (document instanceof Map<?, ?> map
            && "ConfigMap".equals(map.get("kind"))
            && map.get("metadata") instanceof Map<?, ?> metadata
            && "argocd-notifications-cm".equals(metadata.get("name"))) {
          assertThat(metadata.get("namespace")).as(snippet.where()).isEqualTo("argocd");
          found.add(new Documented(snippet.where(), (Map<String, Object>) map.get("data")));
        }
      }
    }
    assertThat(found).hasSizeGreaterThanOrEqualTo(2);
    return found;
  }

  @Test
  void everyDocumentedConfigIsTheSameAndItsPartsFitTogether() {
    List<Documented> configs = documented();
    for (Documented config : configs) {
      assertThat(config.data()).as(config.where()).isEqualTo(configs.get(0).data());
    }
    Documented config = configs.get(0);
    Map<String, Object> service = config.yaml("service.webhook.jenkins-gitops");
    assertThat(service.get("url").toString()).endsWith("/gitops-webhook/argocd");
    assertThat(service.get("headers").toString())
        .contains("name=Content-Type, value=application/json")
        .contains("value=Bearer $jenkins-gitops-token");
    @SuppressWarnings("unchecked")
    Map<String, Object> webhook =
        (Map<String, Object>)
            ((Map<String, Object>) config.yaml("template.jenkins-gitops").get("webhook"))
                .get("jenkins-gitops");
    assertThat(webhook.get("method")).isEqualTo("POST");
    for (Map<String, Object> rule : config.rules()) {
      assertThat(rule.get("send")).isEqualTo(List.of("jenkins-gitops"));
    }
  }

  @Test
  void theDocumentedTriggerIsTheModelledOne() {
    List<String> rules = new ArrayList<>();
    for (Map<String, Object> rule : documented().get(0).rules()) {
      rules.add(normalise(rule.get("when")));
      rules.add(normalise(rule.get("oncePer")));
    }
    assertThat(rules).containsExactlyElementsOf(DOCUMENTED_RULES);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "syncing.yaml, PROGRESSING, " + NEW,
    "succeeded-old-health.yaml, PROGRESSING, " + NEW,
    "succeeded-progressing.yaml, PROGRESSING, " + NEW,
    "succeeded-new-health.yaml, SUCCEEDED, " + NEW,
    "succeeded-unchanged-health.yaml, SUCCEEDED, " + NEW,
    "succeeded-degraded.yaml, FAILED, " + NEW,
    "failed.yaml, FAILED, " + NEW,
    "multi-source-syncing.yaml, PROGRESSING, 6.7.1 " + NEW,
    "multi-source-succeeded.yaml, SUCCEEDED, 6.7.1 " + NEW,
  })
  void theRenderedBodyOfEachStateMeansWhatTheStateMeans(
      String fixture, Phase phase, String revisions) {
    for (Documented config : documented()) {
      List<SyncEvent> events = post(config.render(app(fixture)));

      assertThat(events)
          .as(config.where())
          .extracting(SyncEvent::revision, SyncEvent::phase)
          .containsExactlyElementsOf(
              List.of(revisions.split(" ")).stream().map(r -> tuple(r, phase)).toList());
    }
  }

  @Test
  void aSyncWhoseHealthLagsIsReportedOnceHealthIsKnown() throws Exception {
    List<String> states =
        List.of(
            "syncing.yaml",
            "succeeded-old-health.yaml",
            "succeeded-progressing.yaml",
            "succeeded-new-health.yaml");

    List<String> sent = delivered(DOCUMENTED, states);

    assertThat(sent).containsExactly("succeeded-progressing.yaml", "succeeded-new-health.yaml");
    assertThat(waitFor(NEW, SINGLE, sent)).isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void theEarlierTriggerSpentTheSuccessKeyWhileTheSyncRan() throws Exception {
    List<String> states =
        List.of(
            "syncing.yaml",
            "succeeded-old-health.yaml",
            "succeeded-progressing.yaml",
            "succeeded-new-health.yaml");

    List<String> sent = delivered(EARLIER, states);

    assertThat(sent).containsExactly("syncing.yaml", "succeeded-old-health.yaml");
    assertThat(waitFor(NEW, SINGLE, sent)).isEqualTo(WaitOutcome.WAITING);
  }

  @Test
  void aSyncThatChangesNoHealthSucceedsOnceArgoCdReconciledAfterIt() throws Exception {
    List<String> sent =
        delivered(
            DOCUMENTED,
            List.of(
                "syncing.yaml", "succeeded-old-health.yaml", "succeeded-unchanged-health.yaml"));

    assertThat(sent).containsExactly("succeeded-unchanged-health.yaml");
    assertThat(waitFor(NEW, SINGLE, sent)).isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void aFailedSyncIsReportedAndFailsTheWait() throws Exception {
    List<String> sent = delivered(DOCUMENTED, List.of("syncing.yaml", "failed.yaml"));

    assertThat(sent).containsExactly("failed.yaml");
    assertThat(waitFor(NEW, SINGLE, sent)).isEqualTo(WaitOutcome.FAILED);
  }

  @Test
  void aMultiSourceApplicationMatchesAWaitOnAnyOfItsSourcesRevisions() throws Exception {
    List<String> sent =
        delivered(DOCUMENTED, List.of("multi-source-syncing.yaml", "multi-source-succeeded.yaml"));

    assertThat(sent).containsExactly("multi-source-succeeded.yaml");
    assertThat(waitFor(NEW, MULTI, sent)).isEqualTo(WaitOutcome.SUCCEEDED);
    assertThat(waitFor("6.7.1", MULTI, sent)).isEqualTo(WaitOutcome.SUCCEEDED);
  }

  /** The fixtures notifications-engine would send for this sequence of states. */
  private static List<String> delivered(List<Rule> rules, List<String> states) {
    Set<String> spent = new HashSet<>();
    List<String> sent = new ArrayList<>();
    for (String state : states) {
      Map<String, Object> app = app(state);
      for (int i = 0; i < rules.size(); i++) {
        Rule rule = rules.get(i);
        if (rule.when().test(app) && spent.add(i + ":" + rule.oncePer().apply(app))) {
          sent.add(state);
        }
      }
    }
    return sent;
  }

  /** Posts the rendered bodies of {@code sent} and returns where a wait on the target stands. */
  private WaitOutcome waitFor(String revision, Target target, List<String> sent) throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-08-20T12:00:00Z"), ZoneOffset.UTC);
    WaitRegistry registry = new WaitRegistry(RevisionAncestry.EXACT, timer, clock);
    Wait wait =
        registry.register(
            WaitRequest.of(revision, List.of(target), Duration.ofHours(1), clock),
            new WaitListener() {
              @Override
              public void onComplete(WaitState state) {}

              @Override
              public void onUpdate(WaitState state) {}
            });
    Documented config = documented().get(0);
    WebhookHandler handler = handler(registry::accept);
    for (String state : sent) {
      assertThat(post(handler, config.render(app(state))).status()).isEqualTo(200);
    }
    return wait.state().outcome();
  }

  private static List<SyncEvent> post(String body) {
    List<SyncEvent> events = new ArrayList<>();
    WebhookResponse response = post(handler(events::add), body);
    assertThat(response.status()).as(response.json()).isEqualTo(200);
    return events;
  }

  private static WebhookHandler handler(java.util.function.Consumer<SyncEvent> sink) {
    return new WebhookHandler(WebhookAuthenticator.token(Secret.of(TOKEN)), sink);
  }

  private static WebhookResponse post(WebhookHandler handler, String body) {
    return handler.handle(
        new WebhookRequest(
            "POST",
            "/gitops-webhook/argocd",
            Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"),
            body.getBytes(StandardCharsets.UTF_8)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> app(String fixture) {
    try (InputStream in =
        DocumentedArgoCdConfigTest.class.getResourceAsStream("/sync/argocd-apps/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture sync/argocd-apps/" + fixture);
      }
      return (Map<String, Object>) load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object load(String yaml) {
    return new Load(LoadSettings.builder().build()).loadFromString(yaml);
  }

  private static String normalise(Object expression) {
    return String.valueOf(expression).strip().replaceAll("\\s+", " ");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(Map<String, Object> app) {
    return app.get("status") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> op(Map<String, Object> app) {
    return (Map<String, Object>) status(app).get("operationState");
  }

  @SuppressWarnings("unchecked")
  private static Object result(Map<String, Object> app, String field) {
    Map<String, Object> op = op(app);
    Object result = op == null ? null : op.get("syncResult");
    return result instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(field) : null;
  }

  @SuppressWarnings("unchecked")
  private static Object health(Map<String, Object> app, String field) {
    Object health = status(app).get("health");
    return health instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(field) : null;
  }

  private static Instant time(Object rfc3339) {
    return Instant.parse(String.valueOf(rfc3339));
  }

  /** Go's {@code fmt.Sprintf("%v", []interface{}{…})}: {@code [a <nil> Healthy]}. */
  private static String key(Object... values) {
    List<String> parts = new ArrayList<>();
    for (Object value : values) {
      parts.add(
          value == null
              ? "<nil>"
              : value instanceof List<?> list
                  ? "[" + String.join(" ", list.stream().map(String::valueOf).toList()) + "]"
                  : value.toString());
    }
    return "[" + String.join(" ", parts) + "]";
  }
}
