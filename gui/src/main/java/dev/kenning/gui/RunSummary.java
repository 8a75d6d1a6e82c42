package dev.kenning.gui;

import dev.kenning.core.InputError;
import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.RunFolder;
import dev.kenning.core.run.RunStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run folder as the Results view shows it, read through {@link RunFolder}: status, metrics,
 * every PNG plot it holds and, if present, confusion.csv ({@code true\pred,<classes…>}, one row
 * of counts per true class). Reads only what the workbench wrote; any run kind that writes these
 * files displays. A file that cannot be read leaves its part empty and says why in {@code message}.
 */
record RunSummary(Path path, String status, String message, Map<String, Double> metrics, List<Path> plots,
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

    static RunSummary read(Path path) {
        RunFolder folder = RunFolder.of(path);
        String status = "unknown";
        String message = "";
        try {
            Optional<RunStatus> s = folder.status();
            if (s.isPresent()) {
                status = s.get().word();
                message = s.get().message();
            }
        } catch (InputError e) {
            message = e.getMessage();
        }
        Map<String, Double> metrics = Map.of();
        // what a failed or interrupted run wrote is shown too, beside the status that says so
        if (Files.isRegularFile(folder.metricsFile())) {
            try {
                metrics = folder.writtenMetrics().asMap();
            } catch (InputError e) {
                message = e.getMessage();
            }
        }
        Path confusion = folder.confusionFile();
        return new RunSummary(path, status, message, metrics, folder.plots(),
                Files.isRegularFile(confusion) ? confusion(confusion) : null);
    }

    /** The folder this summarises. */
    RunFolder folder() {
        return RunFolder.of(path);
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

    /**
     * The experiment's headline numbers, whichever kind of run it was; accuracies with their 95%
     * interval. A tracking run's models give the paper's window |r| beside their per-sequence r, and
     * the clock its window |r| after them: where it scores as much, the window metric says how
     * straight a track is, so the list shows it next to the models'.
     */
    String headline() {
        StringBuilder b = new StringBuilder();
        for (MetricName key : List.of(MetricName.LABEL_FREE_TEST_CORR, MetricName.windowAbsR(MetricName.LABEL_FREE),
                MetricName.SUPERVISED_TEST_CORR, MetricName.windowAbsR(MetricName.SUPERVISED),
                MetricName.windowAbsR(MetricName.CLOCK), MetricName.KNOWLEDGE_ACC, MetricName.BASELINE_ACC)) {
            Double v = metrics.get(key.toString());
            if (v != null) {
                b.append(b.isEmpty() ? "" : ", ").append(key).append(' ').append(String.format(java.util.Locale.ROOT, "%.3f", v));
                Double ci = key.measure().equals(MetricName.ACC) ? metrics.get(MetricName.ci95(key.group()).toString()) : null;
                // one seed has no interval (NaN): the number alone
                if (ci != null && !ci.isNaN()) {
                    b.append(String.format(java.util.Locale.ROOT, " ± %.3f", ci));
                }
            }
        }
        return b.toString();
    }
}
