package io.cronwheel.store;

import io.vertx.pgclient.PgException;

/** PostgreSQL errors the engine reacts to, matched by SQLSTATE, never by message text. */
public final class SqlStates {
  public static final String UNIQUE_VIOLATION = "23505";

  private SqlStates() {}

  public static boolean is(Throwable error, String sqlState) {
    return error instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }
}
