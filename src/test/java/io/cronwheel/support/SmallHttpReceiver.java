package io.cronwheel.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server of the kind a user points jobs at first, like Python's {@code
 * http.server}: a blocking accept loop with a small listen backlog (5 by default, Python's), a
 * thread per connection, keep-alive. A burst of new connections beyond the backlog makes the kernel
 * drop SYNs, which is the fault this receiver exists to show. Records every request.
 */
public final class SmallHttpReceiver implements AutoCloseable {
  /** One request as received. */
  public record Request(String method, String path, Map<String, String> headers, long atMillis) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** The status and extra headers to answer a request with. */
  public record Reply(int status, Map<String, String> headers) {
    public static Reply ok() {
      return new Reply(200, Map.of());
    }
  }

  private final ServerSocket server;
  private final ConcurrentLinkedQueue<Request> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger maxOpenConnections = new AtomicInteger();
  private volatile Function<Request, Reply> responder = r -> Reply.ok();
  private volatile boolean closed;

  private SmallHttpReceiver(int backlog) throws IOException {
    server = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "small-receiver-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static SmallHttpReceiver start(int backlog) throws IOException {
    return new SmallHttpReceiver(backlog);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  public void respond(Function<Request, Reply> responder) {
    this.responder = responder;
  }

  public List<Request> received() {
    return List.copyOf(received);
  }

  /** Connections accepted in all, and the most open at once. */
  public int connectionsAccepted() {
    return connections.get();
  }

  public int maxOpenConnections() {
    return maxOpenConnections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        maxOpenConnections.accumulateAndGet(openConnections.incrementAndGet(), Math::max);
        Thread worker = new Thread(() -> serve(socket), "small-receiver-conn");
        worker.setDaemon(true);
        worker.start();
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream()) {
      socket.setSoTimeout(30_000);
      while (!closed) {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        Map<String, String> headers = new TreeMap<>();
        String header;
        while ((header = line(in)) != null && !header.isEmpty()) {
          int colon = header.indexOf(':');
          if (colon > 0) {
            headers.put(
                header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                header.substring(colon + 1).trim());
          }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        in.readNBytes(length);
        String[] parts = requestLine.split(" ", 3);
        Request request =
            new Request(
                parts[0], parts.length > 1 ? parts[1] : "/", headers, System.currentTimeMillis());
        received.add(request);
        Reply reply = responder.apply(request);
        StringBuilder response =
            new StringBuilder("HTTP/1.1 ").append(reply.status()).append(" X\r\n");
        reply.headers().forEach((k, v) -> response.append(k).append(": ").append(v).append("\r\n"));
        response.append("Content-Length: 0\r\n\r\n");
        out.write(response.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // the client went away
    } finally {
      openConnections.decrementAndGet();
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
