package io.cronwheel.api;

import io.vertx.ext.web.Router;

/**
 * {@code GET /api/v1/cluster}: the live nodes and the partitions each holds, as the database sees
 * them; every node answers the same.
 */
final class ClusterRoutes {
  private final EngineControl engine;

  ClusterRoutes(EngineControl engine) {
    this.engine = engine;
  }

  void mount(Router router) {
    router
        .get("/api/v1/cluster")
        .handler(
            ctx ->
                engine
                    .cluster()
                    .onSuccess(body -> Requests.json(ctx, 200, body))
                    .onFailure(ctx::fail));
  }
}
