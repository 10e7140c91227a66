package io.cronwheel.time;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered UUIDs (RFC 9562 version 7). Ids sort by creation time, which keeps B-tree inserts at
 * the right edge of the index and gives stable keyset pagination; generation takes no lock, unlike
 * {@link UUID#randomUUID()}.
 */
public final class UuidV7 {
  private UuidV7() {}

  public static UUID next(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
