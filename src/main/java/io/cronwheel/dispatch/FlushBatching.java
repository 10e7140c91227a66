package io.cronwheel.dispatch;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the requests one event-loop turn writes to a connection leave in one socket write instead of
 * one each.
 *
 * <p>A partition sends a whole second's fires in one turn. Vert.x flushes every request it writes
 * outside a read, so with pipelining each request costs its own {@code send} system call; those
 * were the largest single item in the dispatch profile. Netty's {@link FlushConsolidationHandler}
 * defers such flushes to the end of the turn (and flushes anyway after {@value
 * #MAX_PENDING_FLUSHES} of them), which changes when bytes leave by at most one turn and never what
 * is sent.
 *
 * <p>Vert.x has no public hook into a client connection's pipeline, so this reaches through its
 * internal {@link ConnectionBase}. If a Vert.x upgrade changes that, connections simply keep
 * Vert.x's own flushing (logged once).
 */
public final class FlushBatching {
  private static final Logger log = LoggerFactory.getLogger(FlushBatching.class);
  static final int MAX_PENDING_FLUSHES = 256;
  private static final String HANDLER_NAME = "cronwheel-flush-batching";
  private static final AtomicBoolean warned = new AtomicBoolean();

  private FlushBatching() {}

  /**
   * For {@code HttpClientBuilder.withConnectHandler}: installs the consolidation on a new
   * connection.
   */
  public static void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      if (warned.compareAndSet(false, true)) {
        log.warn(
            "HTTP connections are {}, not a Vert.x ConnectionBase: requests are flushed one by one",
            connection.getClass().getName());
      }
      return;
    }
    var pipeline = base.channel().pipeline();
    if (pipeline.get(HANDLER_NAME) == null) {
      pipeline.addFirst(HANDLER_NAME, new FlushConsolidationHandler(MAX_PENDING_FLUSHES, true));
    }
  }
}
