package io.cronwheel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.dispatch.TargetSecurity;
import io.cronwheel.model.TargetPolicy;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.time.SystemClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alert webhooks are held to the target policy after resolution, against a real receiver. */
class WebClientAlertTransportIT {
  private Vertx vertx;
  private RecordingReceiver receiver;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    receiver = RecordingReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
    vertx.close().await();
  }

  private Future<Integer> post(TargetPolicy policy, String url) {
    return vertx
        .getOrCreateContext()
        .<Future<Integer>>executeBlocking(() -> null)
        .transform(
            ignored -> {
              WebClientAlertTransport transport =
                  new WebClientAlertTransport(
                      vertx, new TargetSecurity(policy, Optional.empty()), SystemClock.INSTANCE);
              return transport
                  .post(url, UUID.randomUUID(), new JsonObject().put("alertId", "a"))
                  .eventually(
                      () -> {
                        transport.close();
                        return Future.succeededFuture();
                      });
            });
  }

  @Test
  void aWebhookNameResolvingToADeniedAddressIsRefusedAndNothingIsSent() {
    String url = receiver.url("/alert").replace("127.0.0.1", "localhost");
    TargetPolicy denyLoopback = new TargetPolicy(List.of("127.0.0.0/8", "::1/128"), List.of());

    Future<Integer> refused = post(denyLoopback, url);
    Throwable cause = refused.transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(cause).isInstanceOf(WebhookRefused.class);
    assertThat(cause.getMessage())
        .startsWith("webhook refused by policy: localhost resolves to 127.0.0.1");
    assertThat(receiver.received()).isEmpty();

    assertThat(post(TargetPolicy.DEFAULT, url).await()).isEqualTo(200);
    assertThat(receiver.received()).hasSize(1);
    assertThat(receiver.received().get(0).header("Host")).startsWith("localhost:");
  }
}
