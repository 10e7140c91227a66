package io.cronwheel.alert;

import io.cronwheel.dispatch.TargetSecurity;
import io.cronwheel.runtime.ContextTimers;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs alerting on an event loop of its own: first carries failing episodes over from the table,
 * then the tracker's sweep, the writer and the delivery, all on this verticle's context, sending
 * through a {@link WebClientAlertTransport} it owns. A stop stores what was raised, then lets the
 * deliveries in flight settle.
 */
public final class AlertVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(AlertVerticle.class);

  private final AlertTracker tracker;
  private final AlertWriter writer;
  private final AlertDelivery delivery;
  private final AlertStore store;
  private final AlertSettings settings;
  private final Clock clock;
  private final TargetSecurity security;
  private WebClientAlertTransport transport;

  public AlertVerticle(
      AlertTracker tracker,
      AlertWriter writer,
      AlertDelivery delivery,
      AlertStore store,
      AlertSettings settings,
      Clock clock,
      TargetSecurity security) {
    this.tracker = tracker;
    this.writer = writer;
    this.delivery = delivery;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.security = security;
  }

  @Override
  public Future<?> start() {
    long sinceMillis = clock.epochMillis() - AlertTracker.IDLE_LIMIT.toMillis();
    return store
        .openEpisodes(sinceMillis, settings.maxEpisodes())
        .recover(
            error -> {
              log.warn(
                  "alerts: failing episodes could not be read back ({}); jobs still failing will"
                      + " raise JOB_FAILING again",
                  error.getMessage());
              return Future.succeededFuture(List.of());
            })
        .onSuccess(
            open -> {
              tracker.restore(open);
              ContextTimers timers = new ContextTimers(context);
              transport = new WebClientAlertTransport(vertx, security, clock);
              tracker.start(timers);
              writer.start(timers, delivery::poke);
              delivery.start(timers, transport);
            });
  }

  @Override
  public Future<?> stop() {
    tracker.stop();
    return writer
        .stop()
        .eventually(delivery::stop)
        .eventually(
            () -> {
              if (transport != null) {
                transport.close();
              }
              return Future.succeededFuture();
            });
  }
}
