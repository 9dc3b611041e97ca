package io.gitopspipeline.cli.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.webhook.ScmDeliveries;
import io.gitopspipeline.scm.webhook.ScmDeliveries.Delivery;
import io.gitopspipeline.scm.webhook.ScmDeliveries.What;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops sync serve} also receives the SCM providers' pull-request webhooks. */
class SyncServeScmTest {
  static final Secret SECRET = Secret.of("scm-secret");
  @TempDir Path dir;

  @Test
  void printsASignedMergeEventPostedToAProvidersPath() throws Exception {
    Path secretFile = dir.resolve("scm");
    Files.writeString(secretFile, SECRET.reveal());
    SyncWaitCommandTest.Running running =
        new SyncWaitCommandTest.Running(
            "sync",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--scm-secret-file",
            secretFile.toString(),
            "--max-events",
            "1");
    String base = running.awaitListening();
    Delivery delivery = ScmDeliveries.delivery(ProviderType.GITLAB, What.MERGED, SECRET);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/scm/gitlab"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
    delivery.headers().forEach(request::header);

    HttpResponse<String> answer =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(running.awaitExit()).isZero();
    assertThat(running.out.toString(StandardCharsets.UTF_8))
        .contains(
            "gitlab gitlabhq/gitlab-test #1 merged as 2a7ebfcf70a8e5c3e1d2f8d33f19ec6c5a4e6e5b");
  }
}
