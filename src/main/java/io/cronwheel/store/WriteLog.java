package io.cronwheel.store;

import io.cronwheel.model.Execution;
import io.cronwheel.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The {@link ExecutionBatcher}'s log lines, aggregated: one line when statements start failing (and
 * when the SQLSTATE changes), one when records are written again, one per refused batch once its
 * search is done. Never one per row. Not thread-safe: the batcher's loop.
 */
final class WriteLog {
  private static final int SHOWN = 10;

  private final Logger log;
  private final Clock clock;
  private boolean failing;
  private String lastState;
  private long failingSinceNanos;
  private int failures;

  WriteLog(Logger log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * A statement failed for a reason that is not its rows; it will be retried after {@code delay}.
   */
  void failed(int rows, Throwable cause, Duration delay, int waiting) {
    failures++;
    String state = SqlStates.sqlState(cause);
    if (failing && Objects.equals(state, lastState)) {
      return;
    }
    if (!failing) {
      failingSinceNanos = clock.nanoTime();
    }
    failing = true;
    lastState = state;
    String line =
        "writing {} execution record(s) failed, retrying in {} ms ({} batch(es) waiting; newer"
            + " records are written meanwhile): {}";
    Object[] args = {rows, delay.toMillis(), waiting, describe(cause)};
    if (SqlStates.isTransient(cause)) {
      log.warn(line, args);
    } else {
      log.error(
          line + " (this needs an operator: the statement or the database is at fault)", args);
    }
  }

  /** A statement succeeded and no batch waits for a retry. */
  void recovered() {
    if (!failing) {
      return;
    }
    log.info(
        "execution records are written again: {} failed statement(s) retried over {} ms",
        failures,
        (clock.nanoTime() - failingSinceNanos) / 1_000_000);
    failing = false;
    lastState = null;
    failures = 0;
  }

  /**
   * The search for the refused rows of one batch is done. If every row was refused, the rows are
   * probably not at fault (a constraint every row breaks): said at error level.
   */
  void searched(Bisection search) {
    String line =
        "a batch of {} execution record(s) was refused ({}); split in {} statement(s) over {} ms: "
            + "{} written, {} refused on their own and set aside in execution_rejects (executions {})";
    Object[] args = {
      search.rows,
      search.error,
      search.statements(),
      (clock.nanoTime() - search.startNanos) / 1_000_000,
      search.rows - search.rejected(),
      search.rejected(),
      search.rejectedIds()
    };
    if (search.rejected() < search.rows) {
      log.warn(line, args);
    } else {
      log.error(line + "; every row was refused, so the schema may be at fault", args);
    }
  }

  /** A batch of one row was refused: it goes aside. */
  void refusedAlone(Execution row, String error) {
    log.warn(
        "execution record {} of job {} was refused ({}); set aside in execution_rejects",
        row.id(),
        row.jobId(),
        error);
  }

  /** Refused rows that could not be set aside either: this line is all that is left of them. */
  void lost(List<ExecutionReject> rejects) {
    log.error(
        "{} refused execution record(s) could not be set aside in execution_rejects either and are"
            + " kept nowhere else; the first {}: {}",
        rejects.size(),
        Math.min(SHOWN, rejects.size()),
        rejects.stream()
            .limit(SHOWN)
            .map(r -> RejectPayloads.payload(r.execution()) + " (" + r.error() + ")")
            .collect(Collectors.joining("; ")));
  }

  /** The error's message, with its SQLSTATE unless the message already shows it. */
  private static String describe(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    String state = SqlStates.sqlState(cause);
    return state == null || message.contains(state) ? message : message + " (" + state + ")";
  }
}
