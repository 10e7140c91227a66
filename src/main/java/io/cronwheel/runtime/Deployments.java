package io.cronwheel.runtime;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The verticles an engine deployed, in deployment order, so that a stop undeploys them in reverse:
 * what started last (the API) stops first, what started first (the record writer) stops last, after
 * everything that records into it. Verticles deployed together as one step stop together.
 * Thread-safe.
 */
public final class Deployments {
  private final Vertx vertx;
  private final List<List<String>> steps = new ArrayList<>();

  public Deployments(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<Void> deploy(Deployable verticle) {
    return deployAll(List.of(verticle));
  }

  /** Deploys several verticles as one step: they start in parallel, and later stop in parallel. */
  public Future<Void> deployAll(List<? extends Deployable> verticles) {
    List<Future<String>> started = new ArrayList<>();
    for (Deployable verticle : verticles) {
      started.add(vertx.deployVerticle(verticle));
    }
    return Future.join(started)
        .transform(
            ar -> {
              List<String> ids = new ArrayList<>();
              started.stream().filter(Future::succeeded).forEach(f -> ids.add(f.result()));
              record(ids);
              return ar.succeeded()
                  ? Future.<Void>succeededFuture()
                  : Future.failedFuture(ar.cause());
            });
  }

  /** Undeploys everything, the last step first. */
  public Future<Void> undeployAll() {
    List<List<String>> taken;
    synchronized (this) {
      taken = new ArrayList<>(steps);
      steps.clear();
    }
    Future<Void> chain = Future.succeededFuture();
    for (int i = taken.size() - 1; i >= 0; i--) {
      List<String> step = taken.get(i);
      chain =
          chain.eventually(
              () -> Future.join(step.stream().map(vertx::undeploy).toList()).mapEmpty());
    }
    return chain;
  }

  private synchronized void record(List<String> ids) {
    if (!ids.isEmpty()) {
      steps.add(ids);
    }
  }
}
