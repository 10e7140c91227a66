package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeTest {
  @ParameterizedTest
  @CsvSource({
    "200,Delivered",
    "204,Delivered",
    "301,Failed",
    "400,Failed",
    "404,Failed",
    "408,Retryable",
    "429,Retryable",
    "500,Retryable",
    "503,Retryable"
  })
  void ofStatus_classifiesHttpStatuses(int status, String kind) {
    assertThat(Outcome.ofStatus(status).getClass().getSimpleName()).isEqualTo(kind);
  }

  @Test
  void ofError_onlyARefusedConnectionIsCertainlyUnsent() {
    assertThat(
            ((Outcome.Retryable) Outcome.ofError(new ConnectException("refused")))
                .mayHaveBeenSent())
        .isFalse();
    assertThat(
            ((Outcome.Retryable) Outcome.ofError(new TimeoutException("slow"))).mayHaveBeenSent())
        .isTrue();
  }
}
