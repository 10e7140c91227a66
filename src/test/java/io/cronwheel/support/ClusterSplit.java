package io.cronwheel.support;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What {@code GET /api/v1/cluster} says: the partitions each live node holds. */
public final class ClusterSplit {
  private ClusterSplit() {}

  /** Node id to the partitions it holds, as one node sees the cluster. */
  public static Map<String, List<Integer>> read(Api api) {
    JsonObject cluster = api.get("/api/v1/cluster").json();
    Map<String, List<Integer>> split = new TreeMap<>();
    for (Object n : cluster.getJsonArray("nodes")) {
      JsonObject node = (JsonObject) n;
      List<Integer> partitions = new ArrayList<>();
      node.getJsonArray("partitions").forEach(p -> partitions.add((Integer) p));
      split.put(node.getString("id"), partitions);
    }
    return split;
  }

  /**
   * Whether exactly these nodes are live, every partition is held, and no node holds more than one
   * partition over another.
   */
  public static boolean balanced(
      Map<String, List<Integer>> split, Set<String> nodes, int partitions) {
    Set<Integer> held = new HashSet<>();
    split.values().forEach(held::addAll);
    int least = split.values().stream().mapToInt(List::size).min().orElse(0);
    int most = split.values().stream().mapToInt(List::size).max().orElse(0);
    return split.keySet().equals(nodes) && held.size() == partitions && most - least <= 1;
  }
}
