package io.cronwheel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough of the Prometheus text format to read the engine's /metrics. */
final class Prom {
    record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private Prom(List<Sample> samples) {
        this.samples = samples;
    }

    static Prom parse(String text) {
        List<Sample> samples = new ArrayList<>();
        if (text == null) {
            return new Prom(samples);
        }
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                int brace = line.indexOf('{');
                int space;
                String name;
                Map<String, String> labels = new LinkedHashMap<>();
                if (brace >= 0) {
                    name = line.substring(0, brace);
                    int close = line.indexOf('}', brace);
                    parseLabels(line.substring(brace + 1, close), labels);
                    space = close + 1;
                } else {
                    space = line.indexOf(' ');
                    name = line.substring(0, space);
                }
                String rest = line.substring(space).trim();
                int blank = rest.indexOf(' ');
                String value = blank < 0 ? rest : rest.substring(0, blank); // drop an optional timestamp
                samples.add(new Sample(name, labels, parseValue(value)));
            } catch (RuntimeException e) {
                // skip a line we do not understand
            }
        }
        return new Prom(samples);
    }

    private static double parseValue(String value) {
        switch (value) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(value);
        }
    }

    private static void parseLabels(String body, Map<String, String> labels) {
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = body.substring(i, eq).trim();
            int q = body.indexOf('"', eq);
            StringBuilder value = new StringBuilder();
            int j = q + 1;
            for (; j < body.length(); j++) {
                char c = body.charAt(j);
                if (c == '\\' && j + 1 < body.length()) {
                    value.append(body.charAt(++j));
                } else if (c == '"') {
                    break;
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < body.length() && (body.charAt(i) == ',' || body.charAt(i) == ' ')) {
                i++;
            }
        }
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    /** The sum of all samples named {@code name} whose labels include the given pairs; NaN if none. */
    double get(String name, String... labelPairs) {
        double sum = 0;
        boolean found = false;
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                    match = false;
                    break;
                }
            }
            if (match) {
                sum += s.value();
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** All samples whose name starts with {@code prefix}. */
    List<Sample> startingWith(String prefix) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().startsWith(prefix)) {
                out.add(s);
            }
        }
        return out;
    }
}
