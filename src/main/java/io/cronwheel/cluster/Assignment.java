package io.cronwheel.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where each partition should live, given the live nodes: balanced rendezvous hashing. Every node
 * computes the same answer from the same set of node ids, without talking to the others. Each node
 * gets {@code floor(P/N)} or {@code ceil(P/N)} partitions; a partition goes to the node ranking it
 * highest that still has room, so a node joining or leaving moves few partitions.
 */
public final class Assignment {
  private Assignment() {}

  /** Partition number to node id; empty when there are no nodes. */
  public static Map<Integer, String> of(int partitions, Collection<String> nodeIds) {
    List<String> nodes = new ArrayList<>(new TreeSet<>(nodeIds));
    Map<Integer, String> owners = new HashMap<>();
    if (nodes.isEmpty()) {
      return owners;
    }
    Map<String, Integer> room = new HashMap<>();
    int base = partitions / nodes.size();
    int extra = partitions % nodes.size();
    for (int i = 0; i < nodes.size(); i++) {
      room.put(nodes.get(i), base + (i < extra ? 1 : 0));
    }
    for (int partition = 0; partition < partitions; partition++) {
      int p = partition;
      List<String> ranked = new ArrayList<>(nodes);
      ranked.sort(Comparator.comparingLong((String node) -> weight(p, node)).reversed());
      for (String node : ranked) {
        if (room.get(node) > 0) {
          room.merge(node, -1, Integer::sum);
          owners.put(partition, node);
          break;
        }
      }
    }
    return owners;
  }

  /** The partitions {@code nodeId} should hold. */
  public static List<Integer> share(int partitions, Collection<String> nodeIds, String nodeId) {
    List<Integer> share = new ArrayList<>();
    of(partitions, nodeIds)
        .forEach(
            (partition, owner) -> {
              if (owner.equals(nodeId)) {
                share.add(partition);
              }
            });
    share.sort(Integer::compare);
    return share;
  }

  /** A well-mixed 64-bit weight of (partition, node): SplitMix64 over the pair. */
  static long weight(int partition, String node) {
    long z = node.hashCode() * 0x9E3779B97F4A7C15L + partition;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
