package io.cronwheel.api;

import io.cronwheel.model.AddressRange;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.TargetPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Holds a job's {@code target.url} and {@code alertWebhook} to the {@link TargetPolicy} when it is
 * created or changed: an IP literal by its address, a host name by its name and then by every
 * address it resolves to (on a worker thread, never the event loop). A name that does not resolve
 * (yet) is accepted: the engine checks it again before each send. A refusal is a 422 {@code
 * target_refused} naming the field. The send-time check is the one that protects; this one tells
 * the user early.
 */
final class TargetScreen {
  private final Vertx vertx;
  private final TargetPolicy policy;

  TargetScreen(Vertx vertx, TargetPolicy policy) {
    this.vertx = vertx;
    this.policy = policy;
  }

  /** Succeeds if both URLs may be sent to, else fails with the first refusal. */
  Future<Void> check(JobSpec spec) {
    Future<Void> target = check(spec.target().url(), "target.url");
    if (spec.alertWebhook() == null) {
      return target;
    }
    return target.compose(v -> check(spec.alertWebhook(), "alertWebhook"));
  }

  private Future<Void> check(String url, String field) {
    String host = URI.create(url).getHost();
    InetAddress literal = AddressRange.literal(host);
    if (literal != null) {
      return verdict(policy.refusal(literal), field);
    }
    TargetPolicy.ByName byName = policy.byName(host);
    if (byName != TargetPolicy.ByName.BY_ADDRESS) {
      return verdict(policy.refusal(host), field);
    }
    return vertx
        .executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false)
        .transform(
            ar -> {
              if (ar.failed()) {
                return ar.cause() instanceof UnknownHostException
                    ? Future.succeededFuture()
                    : Future.failedFuture(ar.cause());
              }
              return verdict(policy.refusal(host, ar.result()), field);
            });
  }

  private static Future<Void> verdict(String refusal, String field) {
    return refusal == null
        ? Future.succeededFuture()
        : Future.failedFuture(new ApiError(422, "target_refused", field + ": " + refusal, field));
  }
}
