package io.cronwheel.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssignmentTest {
  @ParameterizedTest
  @CsvSource({"12, 3", "12, 5", "4, 7", "64, 3", "1, 2", "256, 9"})
  void everyPartitionHasOneOwnerAndSharesDifferByAtMostOne(int partitions, int nodes) {
    Map<Integer, String> owners = Assignment.of(partitions, names(nodes));

    assertThat(owners).hasSize(partitions);
    Map<String, Integer> counts = new HashMap<>();
    owners.values().forEach(node -> counts.merge(node, 1, Integer::sum));
    int most = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int least = nodes > partitions ? 0 : counts.values().stream().mapToInt(i -> i).min().orElse(0);
    assertThat(most - least).isLessThanOrEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"12, 3", "64, 4", "256, 8"})
  void aJoiningNodeMovesOnlyAboutItsShare(int partitions, int nodes) {
    Map<Integer, String> before = Assignment.of(partitions, names(nodes));
    Map<Integer, String> after = Assignment.of(partitions, names(nodes + 1));

    long moved = before.keySet().stream().filter(p -> !before.get(p).equals(after.get(p))).count();
    long newShare = after.values().stream().filter(n -> n.equals("node-" + nodes)).count();
    assertThat(newShare).isGreaterThanOrEqualTo(partitions / (nodes + 1));
    // Balanced rendezvous moves the new node's share plus a few to even out the rest.
    assertThat(moved).isLessThanOrEqualTo(2L * newShare + nodes);
  }

  @ParameterizedTest
  @CsvSource({"12, 3"})
  void everyNodeComputesTheSameAnswerWhateverTheOrder(int partitions, int nodes) {
    assertThat(Assignment.of(partitions, List.of("c", "a", "b")))
        .isEqualTo(Assignment.of(partitions, List.of("b", "c", "a")));
    assertThat(Assignment.share(partitions, List.of("a", "b", "c"), "a"))
        .hasSize(partitions / nodes);
  }

  private static List<String> names(int nodes) {
    return java.util.stream.IntStream.range(0, nodes).mapToObj(i -> "node-" + i).toList();
  }
}
