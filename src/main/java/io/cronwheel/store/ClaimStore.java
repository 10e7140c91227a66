package io.cronwheel.store;

import io.cronwheel.model.Fire;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Durable claims on scheduled seconds, unique per job and scheduled time across every process. */
public interface ClaimStore {
  /**
   * Claims the fires' seconds in one statement; the result holds the execution ids this process
   * won.
   */
  Future<Set<UUID>> claim(List<Fire> fires);
}
