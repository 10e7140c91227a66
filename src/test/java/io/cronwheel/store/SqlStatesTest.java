package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Failed writes are sorted by SQLSTATE class: the rows' fault, transient, or the statement's. */
class SqlStatesTest {
  @ParameterizedTest(name = "{0}: blames rows {1}, transient {2}")
  @CsvSource({
    "22021, true, false", // a NUL in a text
    "22001, true, false", // value too long
    "22P02, true, false", // invalid text representation
    "21000, true, false", // ON CONFLICT DO UPDATE would affect a row twice
    "23505, true, false", // unique violation (an execution id under another key)
    "23514, true, false", // check constraint
    "54000, true, false", // index row too large
    "08006, false, true", // connection failure
    "40001, false, true", // serialization failure
    "40P01, false, true", // deadlock
    "53300, false, true", // too many connections
    "57014, false, true", // statement timeout or cancel
    "57P01, false, true", // admin shutdown
    "58030, false, true", // I/O error
    "55P03, false, true", // lock not available
    "42P01, false, false", // undefined table: the statement's fault
    "42601, false, false", // syntax error
    "25006, false, false", // read-only transaction (a failover to a standby)
    "28P01, false, false", // authentication
    "XX000, false, false" // internal error
  })
  void sqlState_decidesWhoIsAtFault(String sqlState, boolean blamesRows, boolean isTransient) {
    PgException error = new PgException("message", "ERROR", sqlState, null);
    assertThat(SqlStates.sqlState(error)).isEqualTo(sqlState);
    assertThat(SqlStates.blamesRows(error)).isEqualTo(blamesRows);
    assertThat(SqlStates.isTransient(error)).isEqualTo(isTransient);
  }

  @Test
  void clientSideFailures_areTransientUnlessAValueCouldNotBeEncoded() {
    assertThat(SqlStates.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(SqlStates.isTransient(new VertxException("Timeout", true))).isTrue();
    assertThat(SqlStates.isTransient(new TimeoutException())).isTrue();
    assertThat(SqlStates.blamesRows(ClosedConnectionException.INSTANCE)).isFalse();
    assertThat(SqlStates.blamesRows(new IllegalArgumentException("cannot encode"))).isTrue();
    assertThat(SqlStates.blamesRows(new NullPointerException())).isTrue();
    assertThat(SqlStates.isTransient(new NullPointerException())).isFalse();
  }
}
