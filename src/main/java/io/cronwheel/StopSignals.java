package io.cronwheel;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;

/**
 * Waits for SIGTERM or SIGINT without letting the JVM's default handling exit first, so a graceful
 * stop can end with exit code 0. Uses the JDK's {@code sun.misc.Signal} (module {@code
 * jdk.unsupported}, exported for exactly this) through reflection, which keeps the build free of
 * its "internal proprietary API" warning; where it is missing, the JVM's own shutdown handling
 * applies.
 */
final class StopSignals {
  private StopSignals() {}

  /** Returns a latch that opens on the first SIGTERM or SIGINT. */
  static CountDownLatch install() {
    CountDownLatch signalled = new CountDownLatch(1);
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object handler =
          Proxy.newProxyInstance(
              StopSignals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  signalled.countDown();
                }
                return null;
              });
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String name : new String[] {"TERM", "INT"}) {
        handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot install the SIGTERM handler: " + e, e);
    }
    return signalled;
  }
}
