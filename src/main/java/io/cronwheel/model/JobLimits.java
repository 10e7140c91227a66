package io.cronwheel.model;

/**
 * How large one job's definition may be. Checked when a job is written through the API and again
 * when jobs are loaded at start-up, where rows stored before a limit existed (or under a larger
 * one) are found and left unscheduled instead of filling the heap.
 *
 * @param maxTargetBodyBytes the largest {@code target.body}, measured as its compact JSON encoding
 *     in UTF-8 (what cronwheel stores and sends for a JSON body)
 */
public record JobLimits(int maxTargetBodyBytes) {
  public JobLimits {
    if (maxTargetBodyBytes < 0) {
      throw new IllegalArgumentException("maxTargetBodyBytes must not be negative");
    }
  }

  /** The first limit the target breaks: its body size or a header rule; null if none. */
  public Violation check(Target target) {
    long bodyBytes = bodyBytes(target);
    if (bodyBytes > maxTargetBodyBytes) {
      return new Violation(
          "target.body",
          "target.body is "
              + bodyBytes
              + " bytes as JSON; at most "
              + maxTargetBodyBytes
              + " are allowed (CRONWHEEL_MAX_TARGET_BODY_BYTES)");
    }
    Violation header = HeaderRules.check(target.headers());
    return header != null ? header : SecretHeaders.unopened(target);
  }

  /** The UTF-8 size of the body's JSON text, 0 without a body. */
  public static long bodyBytes(Target target) {
    return target.bodyJson() == null ? 0 : TextRules.utf8Length(target.bodyJson());
  }

  /**
   * The largest target document (method, headers and body, without the URL) worth reading from the
   * database to check: PostgreSQL prints JSON with spaces and writes numbers in full, so a valid
   * body may print a few times larger than its compact encoding; a document larger than this cannot
   * be valid, and is refused by its size alone, without being read.
   */
  public long storedTargetCeilingBytes() {
    return 4L * (maxTargetBodyBytes + HeaderRules.MAX_HEADERS_BYTES) + 4096;
  }
}
