package io.cronwheel.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy the test controls, to cut the engine off from PostgreSQL and give it back: {@link
 * #cut()} closes every connection and refuses new ones; {@link #restore()} accepts them again.
 * {@link #freeze()} is the silent kind of outage (a failover, a partitioned network): every
 * connection stays open but nothing is forwarded either way, and new connections are accepted and
 * then hang, until {@link #thaw()}.
 */
public final class TcpProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean frozen;

  private TcpProxy(String targetHost, int targetPort) {
    client = vertx.createNetClient();
    server =
        vertx
            .createNetServer()
            .connectHandler(
                inbound -> {
                  if (cut) {
                    inbound.close();
                    return;
                  }
                  inbound.pause();
                  client
                      .connect(targetPort, targetHost)
                      .onSuccess(
                          outbound -> {
                            sockets.add(inbound);
                            sockets.add(outbound);
                            inbound.handler(outbound::write);
                            outbound.handler(inbound::write);
                            inbound.closeHandler(v -> outbound.close());
                            outbound.closeHandler(v -> inbound.close());
                            if (frozen) {
                              outbound.pause();
                            } else {
                              inbound.resume();
                            }
                          })
                      .onFailure(e -> inbound.close());
                });
  }

  public static TcpProxy start(String targetHost, int targetPort) {
    TcpProxy proxy = new TcpProxy(targetHost, targetPort);
    proxy.server.listen(0, "127.0.0.1").await();
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  public void cut() {
    cut = true;
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  public void restore() {
    cut = false;
  }

  /** Stops forwarding in both directions, keeping every socket open. */
  public void freeze() {
    frozen = true;
    sockets.forEach(NetSocket::pause);
  }

  public void thaw() {
    frozen = false;
    sockets.forEach(NetSocket::resume);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
