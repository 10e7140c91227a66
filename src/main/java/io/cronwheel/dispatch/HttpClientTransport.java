package io.cronwheel.dispatch;

import io.cronwheel.model.Fire;
import io.cronwheel.time.Clock;
import io.cronwheel.time.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends attempts over one partition's keep-alive HTTP client, in two phases with separate limits.
 *
 * <p>Getting a connection: a reused keep-alive connection is immediate, but a new one means a TCP
 * handshake, and a burst of new connections (a restart re-sending hundreds of executions at once)
 * overflows a small target's listen backlog, whose kernel then drops the SYNs. So at most {@code
 * maxConnectingPerHost} requests per host, across all partitions, may be waiting for a connection
 * at once; the rest queue here, in order. The pool then grows with demand, a few connections at a
 * time. Queueing and connecting together are bounded by the connect timeout; a request that gets no
 * connection in time was never sent.
 *
 * <p>The answer: once the request is written, the job's {@code timeoutMs} is an absolute deadline
 * for the whole response, enforced by a {@link DeadlineSweep}; a late request is reset.
 *
 * <p>Used only from the partition's event loop.
 */
final class HttpClientTransport implements FireTransport {
  private static final long PUMP_MS = 10;
  private static final String USER_AGENT = "User-Agent";

  @SuppressWarnings("StaticAssignmentOfThrowable") // only the cause of a reset, never thrown
  private static final TimeoutException DEADLINE = new TimeoutException("deadline passed");

  private final HttpClientAgent client;
  private final Hosts hosts;
  private final Clock clock;
  private final Timers timers;
  private final int maxConnectingPerHost;
  private final long connectTimeoutNanos;
  private final DeadlineSweep deadlines;
  private final TargetAddresses targets;
  private final Map<String, ArrayDeque<Attempt>> waiting = new HashMap<>();
  private long pumpTimer = -1;
  private boolean pumping;
  private boolean pumpAgain;

  HttpClientTransport(
      HttpClientAgent client,
      DispatchSettings settings,
      Hosts hosts,
      TargetAddresses targets,
      Clock clock,
      Timers timers) {
    this.client = client;
    this.targets = targets;
    this.hosts = hosts;
    this.clock = clock;
    this.timers = timers;
    this.maxConnectingPerHost = settings.maxConnectingPerHost();
    this.connectTimeoutNanos = settings.connectTimeout().toNanos();
    this.deadlines = new DeadlineSweep(clock, timers);
  }

  /** Builds the client on the caller's context: call it from the partition's event loop. */
  static HttpClientTransport create(
      Vertx vertx,
      DispatchSettings settings,
      String name,
      Hosts hosts,
      TargetSecurity security,
      Clock clock,
      Timers timers) {
    HttpClientOptions options =
        new HttpClientOptions()
            // Connections go to vetted addresses: the URL's host names the server for SNI and is
            // what its certificate is verified against.
            .setVerifyHost(true)
            .setForceSni(true)
            .setKeepAlive(true)
            .setConnectTimeout((int) settings.connectTimeout().toMillis())
            .setPipelining(settings.pipeliningLimit() > 1)
            .setPipeliningLimit(settings.pipeliningLimit())
            .setName(name);
    security.trust().ifPresent(options::setTrustOptions);
    HttpClientAgent client =
        vertx
            .httpClientBuilder()
            .with(options)
            .with(new PoolOptions().setHttp1MaxSize(settings.poolSize()))
            .withConnectHandler(FlushBatching::install)
            .build();
    return new HttpClientTransport(
        client,
        settings,
        hosts,
        new TargetAddresses(vertx, security.policy(), clock),
        clock,
        timers);
  }

  @Override
  public Future<Outcome> send(Fire fire, int attempt) {
    HostKeys.ParsedUrl url = HostKeys.parse(fire.job().target().url());
    if (url.host() == null) {
      return Future.succeededFuture(
          new Outcome.Failed("the target URL has no host: " + fire.job().target().url(), null));
    }
    TargetAddresses.Verdict verdict = targets.now(url.hostKey(), url.host(), url.port());
    if (verdict == null) {
      return targets
          .resolve(url.hostKey(), url.host(), url.port())
          .compose(resolved -> send(fire, attempt, url, resolved));
    }
    return send(fire, attempt, url, verdict);
  }

  /** Sends to the address the target policy vetted, or says why not. */
  private Future<Outcome> send(
      Fire fire, int attempt, HostKeys.ParsedUrl url, TargetAddresses.Verdict verdict) {
    if (verdict.refusal() != null) {
      return Future.succeededFuture(
          new Outcome.Refused("target refused by policy: " + verdict.refusal()));
    }
    if (verdict.server() == null) {
      return Future.succeededFuture(new Outcome.Retryable(verdict.unresolved(), null, false));
    }
    Attempt request = new Attempt(fire, attempt, url, verdict.server(), hosts.get(url.hostKey()));
    ArrayDeque<Attempt> queue = waiting.get(request.host.key());
    if (queue == null && takeConnectSlot(request.host)) {
      connect(request);
    } else {
      waiting.computeIfAbsent(request.host.key(), k -> new ArrayDeque<>()).addLast(request);
      armPump();
    }
    return request.outcome.future();
  }

  @Override
  public Future<Void> close() {
    deadlines.cancel();
    timers.cancel(pumpTimer);
    List<Attempt> stranded = new ArrayList<>();
    waiting.values().forEach(stranded::addAll);
    waiting.clear();
    stranded.forEach(a -> a.notSent("the engine is stopping"));
    return client.close();
  }

  private boolean takeConnectSlot(Host host) {
    if (host.connecting.incrementAndGet() <= maxConnectingPerHost) {
      return true;
    }
    host.connecting.decrementAndGet();
    return false;
  }

  private void connect(Attempt request) {
    long remainingMs = Math.max(1, (request.connectDeadlineNanos - clock.nanoTime()) / 1_000_000);
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.spec.method())
            .setServer(request.server)
            .setHost(request.url.host())
            .setPort(request.url.port())
            .setSsl(request.url.ssl())
            .setURI(request.url.requestUri())
            .setFollowRedirects(false)
            .setConnectTimeout(remainingMs);
    client
        .request(options)
        .onComplete(
            ar -> {
              request.host.connecting.decrementAndGet();
              if (ar.succeeded()) {
                write(ar.result(), request);
              } else {
                request.notSent("no connection: " + ar.cause().getMessage());
              }
              pump();
            });
  }

  private void write(HttpClientRequest http, Attempt request) {
    request.http = http;
    http.putHeader(USER_AGENT, "cronwheel"); // a job's own User-Agent header replaces it
    request.spec.headers().forEach(http::putHeader);
    deadlines.add(request.fire.job().timeout().toMillis(), request);
    Future<HttpClientResponse> sent =
        request.spec.body() == null ? http.send() : http.send(request.spec.body());
    sent.compose(response -> response.end().map(v -> response))
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                HttpClientResponse response = ar.result();
                request.answer(
                    Outcome.ofStatus(
                        response.statusCode(),
                        response.getHeader("Retry-After"),
                        clock.epochMillis()));
              } else if (request.timedOut) {
                request.answer(
                    new Outcome.Retryable(
                        "timeout: no complete response within "
                            + request.fire.job().timeout().toMillis()
                            + " ms",
                        null,
                        true));
              } else {
                request.answer(Outcome.ofError(ar.cause()));
              }
            });
  }

  private void armPump() {
    if (pumpTimer < 0) {
      pumpTimer = timers.schedule(PUMP_MS, this::pumpOnTimer);
    }
  }

  private void pumpOnTimer() {
    pumpTimer = -1;
    pump();
  }

  /**
   * Moves queued requests on to connecting as slots free up (other partitions free them too, hence
   * the timer while anything waits), and gives up on those whose connect time ran out.
   *
   * <p>Never recursive: with pipelining, or a free keep-alive connection, the client hands out a
   * request at once, so a connect completes inside the pump that started it and asks for another
   * pump. Nesting those overflowed the stack with a few thousand requests waiting, which stranded
   * their connect slots and stopped all sending to the host; a nested call now only asks the
   * running pump for one more round.
   */
  private void pump() {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        pumpOnce();
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
  }

  private void pumpOnce() {
    if (waiting.isEmpty()) {
      return;
    }
    long now = clock.nanoTime();
    List<Attempt> toConnect = new ArrayList<>();
    List<Attempt> expired = new ArrayList<>();
    Iterator<ArrayDeque<Attempt>> queues = waiting.values().iterator();
    while (queues.hasNext()) {
      ArrayDeque<Attempt> queue = queues.next();
      Attempt head;
      while ((head = queue.peekFirst()) != null) {
        if (now - head.connectDeadlineNanos >= 0) {
          expired.add(queue.pollFirst());
        } else if (takeConnectSlot(head.host)) {
          toConnect.add(queue.pollFirst());
        } else {
          break;
        }
      }
      if (queue.isEmpty()) {
        queues.remove();
      }
    }
    expired.forEach(
        a ->
            a.notSent(
                "no connection to "
                    + a.host.key()
                    + " within "
                    + connectTimeoutNanos / 1_000_000
                    + " ms (too many being opened)"));
    toConnect.forEach(this::connect);
    if (!waiting.isEmpty()) {
      armPump();
    }
  }

  /** One attempt on its way through the two phases. */
  private final class Attempt implements DeadlineSweep.Pending {
    final Fire fire;
    final HostKeys.ParsedUrl url;
    final SocketAddress server;
    final Host host;
    final FireRequestFactory.FireRequest spec;
    final long connectDeadlineNanos;
    final Promise<Outcome> outcome = Promise.promise();
    HttpClientRequest http;
    boolean timedOut;

    Attempt(Fire fire, int attempt, HostKeys.ParsedUrl url, SocketAddress server, Host host) {
      this.fire = fire;
      this.url = url;
      this.server = server;
      this.host = host;
      this.spec = FireRequestFactory.build(fire, attempt);
      this.connectDeadlineNanos = clock.nanoTime() + connectTimeoutNanos;
    }

    @Override
    public boolean answered() {
      return outcome.future().isComplete();
    }

    @Override
    public void deadlinePassed() {
      timedOut = true;
      http.reset(0, DEADLINE);
    }

    void answer(Outcome result) {
      outcome.tryComplete(result);
    }

    /** Failed before the request was written: it certainly never reached the target. */
    void notSent(String reason) {
      outcome.tryComplete(new Outcome.Retryable(reason, null, false));
    }
  }
}
