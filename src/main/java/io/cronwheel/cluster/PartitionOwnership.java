package io.cronwheel.cluster;

import java.util.Set;

/** The partitions this process fires. Partitions it does not own are somebody else's. */
public interface PartitionOwnership {
  Set<Integer> owned();

  int total();
}
