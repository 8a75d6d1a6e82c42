package dev.kenning.gui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.KenningJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run folder as the Results view shows it: status, metrics, every PNG plot it holds and, if
 * present, confusion.csv ({@code true\pred,<classes…>}, one row of counts per true class).
 * Reads only what the workbench wrote; any run kind that writes these files displays.
 */
record RunFolder(Path path, String status, String message, Map<String, Double> metrics, List<Path> plots,
                 Confusion confusion) {

    /** A confusion matrix: counts[true][predicted]. */
    record Confusion(List<String> classes, long[][] counts) {
        long max() {
            long m = 0;
            for (long[] row : counts) {
                for (long c : row) {
                    m = Math.max(m, c);
                }
            }
            return m;
        }
    }

    static RunFolder read(Path path) {
        String status = "unknown";
        String message = "";
        Path statusFile = path.resolve("status.json");
        try {
            if (Files.isRegularFile(statusFile)) {
                JsonNode s = KenningJson.mapper().readTree(statusFile.toFile());
                status = s.path("status").asText("unknown");
                message = s.has("error") ? s.get("error").asText() : s.path("message").asText("");
            }
        } catch (IOException e) {
            message = "status.json unreadable: " + e.getMessage();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        Path metricsFile = path.resolve("metrics.json");
        if (Files.isRegularFile(metricsFile)) {
            try {
                JsonNode m = KenningJson.mapper().readTree(metricsFile.toFile());
                for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    metrics.put(e.getKey(), e.getValue().isNumber() ? e.getValue().doubleValue() : Double.NaN);
                }
            } catch (IOException e) {
                message = "metrics.json unreadable: " + e.getMessage();
            }
        }
        List<Path> plots;
        try (Stream<Path> s = Files.list(path)) {
            plots = s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
        Path confusion = path.resolve("confusion.csv");
        return new RunFolder(path, status, message, metrics, plots,
                Files.isRegularFile(confusion) ? confusion(confusion) : null);
    }

    /** Reads confusion.csv; a malformed file says where. */
    static Confusion confusion(Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException(file + ": empty");
            }
            String[] header = lines.get(0).split(",", -1);
            List<String> classes = List.of(header).subList(1, header.length);
            List<long[]> rows = new ArrayList<>();
            List<String> rowNames = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                if (cells.length != header.length) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + cells.length + " cells, the header has "
                            + header.length);
                }
                rowNames.add(cells[0]);
                long[] counts = new long[classes.size()];
                for (int j = 1; j < cells.length; j++) {
                    try {
                        counts[j - 1] = Long.parseLong(cells[j].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + ":" + (i + 1) + ": '" + cells[j] + "' is not a count");
                    }
                }
                rows.add(counts);
            }
            return new Confusion(classes, rows.toArray(long[][]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The experiment's headline numbers, whichever kind of run it was; accuracies with their 95% interval. */
    String headline() {
        StringBuilder b = new StringBuilder();
        for (String key : List.of("label_free.test_corr", "supervised.test_corr", "knowledge.acc", "baseline.acc")) {
            Double v = metrics.get(key);
            if (v != null) {
                b.append(b.isEmpty() ? "" : ", ").append(key).append(' ').append(String.format(java.util.Locale.ROOT, "%.3f", v));
                Double ci = metrics.get(key.replaceFirst("\\.acc$", ".ci95"));
                if (key.endsWith(".acc") && ci != null) {
                    b.append(String.format(java.util.Locale.ROOT, " ± %.3f", ci));
                }
            }
        }
        return b.toString();
    }
}
