package io.cronwheel.bench.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The settings a peer runs with, each with the reason for its value, as a Markdown table for the reports. */
final class SettingsLog {
    static final String FILE_NAME = "peer-settings.md";

    private record Row(String key, String value, String why) {}

    private final List<Row> rows = new ArrayList<>();

    /** Records a setting and returns its value, so a caller can set and record in one expression. */
    <T> T put(String key, T value, String why) {
        rows.add(new Row(key, String.valueOf(value), why));
        return value;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("| Setting | Value | Why |\n|---|---|---|\n");
        for (Row row : rows) {
            md.append("| `")
                    .append(row.key())
                    .append("` | ")
                    .append(escape(row.value()))
                    .append(" | ")
                    .append(escape(row.why()))
                    .append(" |\n");
        }
        return md.toString();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE_NAME), markdown(), StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
