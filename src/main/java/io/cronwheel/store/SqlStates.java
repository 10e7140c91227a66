package io.cronwheel.store;

import io.vertx.pgclient.PgException;

/**
 * PostgreSQL errors the engine reacts to, matched by SQLSTATE, never by message text.
 *
 * <p>A failed write falls in one of three kinds, by the SQLSTATE's class (its first two
 * characters):
 *
 * <ul>
 *   <li><b>the rows' fault</b> ({@link #blamesRows}): 21 cardinality, 22 data exception (an invalid
 *       byte sequence such as a NUL in text, a value out of range), 23 integrity constraint, 54
 *       program limit (a value too large to index). The same rows fail again however often they are
 *       sent; other rows would not. Such a batch is split to find the rows at fault.
 *   <li><b>transient</b> ({@link #isTransient}): 08 connection, 40 rollback (serialization,
 *       deadlock), 53 insufficient resources, 57 operator intervention (including 57014, statement
 *       timeout or cancel), 58 system error, 55P03 lock not available, and every failure without a
 *       SQLSTATE (a closed connection, a pool or statement timeout on the client side). Sending the
 *       same rows later should work.
 *   <li><b>everything else</b> (42 syntax or undefined object, 25 read-only transaction after a
 *       failover, 28 authorization, XX internal...): the statement or the database is wrong, not
 *       the rows, so splitting would only set every row aside. Treated like a transient failure
 *       (retried, rows kept) but needs an operator.
 * </ul>
 *
 * <p>Client-side failures that come from a value ({@code NullPointerException}, {@code
 * IllegalArgumentException}, {@code ClassCastException} while encoding a row) blame the rows too.
 */
public final class SqlStates {
  public static final String UNIQUE_VIOLATION = "23505";
  public static final String QUERY_CANCELED = "57014";
  public static final String LOCK_NOT_AVAILABLE = "55P03";

  private SqlStates() {}

  public static boolean is(Throwable error, String sqlState) {
    return sqlState.equals(sqlState(error));
  }

  /** The error's SQLSTATE, or null if it did not come from the server. */
  public static String sqlState(Throwable error) {
    return error instanceof PgException pg ? pg.getSqlState() : null;
  }

  /** Whether the rows written are at fault: the same rows fail again, other rows would not. */
  public static boolean blamesRows(Throwable error) {
    String state = sqlState(error);
    if (state == null || state.length() != 5) {
      return error instanceof NullPointerException
          || error instanceof IllegalArgumentException
          || error instanceof ClassCastException;
    }
    return switch (state.substring(0, 2)) {
      case "21", "22", "23", "54" -> true;
      default -> false;
    };
  }

  /** Whether the same statement is expected to work when tried again later. */
  public static boolean isTransient(Throwable error) {
    String state = sqlState(error);
    if (state == null || state.length() != 5) {
      return !blamesRows(error);
    }
    return switch (state.substring(0, 2)) {
      case "08", "40", "53", "57", "58" -> true;
      default -> LOCK_NOT_AVAILABLE.equals(state);
    };
  }
}
