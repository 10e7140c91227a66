package io.cronwheel.cluster;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A single node: it owns every partition, always. */
public record StaticPartitionOwnership(int total) implements PartitionOwnership {
  @Override
  public Set<Integer> owned() {
    return IntStream.range(0, total).boxed().collect(Collectors.toUnmodifiableSet());
  }
}
