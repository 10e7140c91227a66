package io.cronwheel.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The cron package is plain Java: it must not depend on Vert.x. */
class PackagePurityTest {

  @Test
  void sources_doNotImportVertx() throws IOException {
    Path sources = Path.of("src/main/java/io/cronwheel/cron");
    List<Path> files;
    try (Stream<Path> listing = Files.list(sources)) {
      files =
          listing.filter(file -> file.toString().endsWith(".java")).collect(Collectors.toList());
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      assertThat(Files.readString(file)).as(file.toString()).doesNotContain("io.vertx");
    }
  }
}
