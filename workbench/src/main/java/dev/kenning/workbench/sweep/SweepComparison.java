package dev.kenning.workbench.sweep;

import dev.kenning.core.run.MetricName;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.registry.PairedDifference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A sweep's runs compared by configuration: for each metric, mean ± 95% interval over seeds per
 * configuration and the difference from the baseline configuration (the first of the grid) paired
 * by seed (same seed, same data and episodes, so most of the seed-to-seed variation cancels), and
 * the best configuration on the ranking metric. Only completed runs count; the failed ones are
 * listed with their messages.
 */
public final class SweepComparison {
    public static final double LEVEL = 0.95;
    public static final String TABLE = "comparison.md";
    public static final String VALUES = "comparison.csv";
    public static final String PLOT = "comparison.png";

    private final List<SweepPlan.Configuration> configurations;
    /** configuration label → seed → metrics. */
    private final Map<String, TreeMap<Long, Map<String, Double>>> values = new LinkedHashMap<>();
    private final List<RunOutcome> failed = new ArrayList<>();
    private final List<String> metrics;
    private final String ranking;

    private SweepComparison(List<SweepPlan.Configuration> configurations, List<RunOutcome> outcomes, String metric) {
        this.configurations = List.copyOf(configurations);
        configurations.forEach(c -> values.put(c.label(), new TreeMap<>()));
        TreeSet<String> names = new TreeSet<>();
        for (RunOutcome o : outcomes) {
            if (o.completed()) {
                values.get(o.run().configuration().label()).put(o.run().seed(), o.metrics());
                names.addAll(o.metrics().keySet());
            } else {
                failed.add(o);
            }
        }
        // The wall time depends on the machine and on what ran beside the run, not on the configuration.
        names.remove(MetricName.WALL_SECONDS.toString());
        this.metrics = List.copyOf(names);
        if (metric != null && !names.contains(metric) && !names.isEmpty()) {
            throw new dev.kenning.core.InputError("--metric " + metric, "no run reports it; the runs report " + names);
        }
        this.ranking = metric != null ? metric : headline(metrics);
    }

    /**
     * @param metric the metric to rank by; null for the headline one (the first accuracy with
     *               knowledge, or label-free test correlation, else the first metric)
     */
    public static SweepComparison of(List<SweepPlan.Configuration> configurations, List<RunOutcome> outcomes, String metric) {
        return new SweepComparison(configurations, outcomes, metric);
    }

    static String headline(List<String> metrics) {
        for (String m : metrics) {
            if (m.matches("(" + MetricName.KNOWLEDGE + "\\." + MetricName.ACC + ".*|" + MetricName.LABEL_FREE + "\\."
                    + MetricName.TEST_CORR + ")")) {
                return m;
            }
        }
        return metrics.isEmpty() ? null : metrics.get(0);
    }

    /** Higher is better except for times and p-values. */
    static boolean higherIsBetter(String metric) {
        return !(metric.endsWith("seconds") || metric.endsWith("." + MetricName.P) || metric.startsWith(MetricName.P + "_")
                || metric.contains(MetricName.CI95));
    }

    public String rankingMetric() {
        return ranking;
    }

    public List<SweepPlan.Configuration> configurations() {
        return configurations;
    }

    public List<RunOutcome> failed() {
        return failed;
    }

    /** The metric's values in one configuration, by seed. */
    public TreeMap<Long, Double> values(String configuration, String metric) {
        TreeMap<Long, Double> out = new TreeMap<>();
        values.get(configuration).forEach((seed, m) -> {
            Double v = m.get(metric);
            if (v != null) {
                out.put(seed, v);
            }
        });
        return out;
    }

    public MeanInterval summary(String configuration, String metric) {
        return MeanInterval.of(values(configuration, metric).values().stream().mapToDouble(Double::doubleValue).toArray(), LEVEL);
    }

    /** configuration − baseline on the seeds both completed; null for the baseline itself or with no shared seed. */
    public PairedDifference againstBaseline(String configuration, String metric) {
        String baseline = configurations.get(0).label();
        if (configuration.equals(baseline)) {
            return null;
        }
        TreeMap<Long, Double> a = values(configuration, metric);
        TreeMap<Long, Double> b = values(baseline, metric);
        List<Long> shared = a.keySet().stream().filter(b::containsKey).toList();
        if (shared.isEmpty()) {
            return null;
        }
        return PairedDifference.of(shared.stream().mapToDouble(a::get).toArray(), shared.stream().mapToDouble(b::get).toArray(),
                LEVEL, metric.hashCode());
    }

    /** The configuration with the best mean on the ranking metric; null if no run completed. */
    public String best() {
        String best = null;
        double bestMean = Double.NaN;
        if (ranking == null) {
            return null;
        }
        boolean higher = higherIsBetter(ranking);
        for (SweepPlan.Configuration c : configurations) {
            double m = summary(c.label(), ranking).mean();
            if (!Double.isNaN(m) && (best == null || (higher ? m > bestMean : m < bestMean))) {
                best = c.label();
                bestMean = m;
            }
        }
        return best;
    }

    /** The table as Markdown: the ranking metric in full, then every metric's mean ± CI per configuration. */
    public String table() {
        StringBuilder b = new StringBuilder();
        String baseline = configurations.get(0).label();
        if (ranking == null) {
            b.append("No run completed.\n");
        } else {
            b.append("Ranked by ").append(ranking).append(" (mean ± 95% CI over seeds; difference from the baseline ")
                    .append(label(baseline)).append(" paired by seed)\n\n");
            b.append("| configuration | runs | ").append(ranking).append(" | − baseline | p |\n|---|---|---|---|---|\n");
            String best = best();
            for (SweepPlan.Configuration c : configurations) {
                MeanInterval s = summary(c.label(), ranking);
                PairedDifference d = againstBaseline(c.label(), ranking);
                b.append("| ").append(label(c.label())).append(c.label().equals(best) ? " **(best)**" : "")
                        .append(" | ").append(s.n()).append(" | ").append(s.n() == 0 ? "—" : s.format("%.4f"))
                        .append(" | ").append(d == null ? (c.label().equals(baseline) ? "baseline" : "—")
                                : signed(d.meanDifference()) + (Double.isNaN(d.interval().halfWidth()) ? ""
                                : String.format(Locale.ROOT, " ± %.4f", d.interval().halfWidth())))
                        .append(" | ").append(d == null || Double.isNaN(d.p()) ? "—" : p(d.p())).append(" |\n");
            }
            b.append("\nEvery metric (mean ± 95% CI):\n\n| metric |");
            configurations.forEach(c -> b.append(' ').append(label(c.label())).append(" |"));
            b.append("\n|---|").append("---|".repeat(configurations.size())).append('\n');
            for (String m : metrics) {
                b.append("| ").append(m).append(" |");
                for (SweepPlan.Configuration c : configurations) {
                    MeanInterval s = summary(c.label(), m);
                    b.append(' ').append(s.n() == 0 ? "—" : s.format("%.4f")).append(" |");
                }
                b.append('\n');
            }
        }
        if (!failed.isEmpty()) {
            b.append("\nFailed runs:\n\n");
            failed.forEach(f -> b.append("- ").append(f.run().label()).append(": ").append(f.message()).append('\n'));
        }
        return b.toString();
    }

    /** comparison.md, comparison.csv (configuration, seed, metric, value) and comparison.png in {@code folder}. */
    public void write(Path folder, String title) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(TABLE), "# " + title + "\n\n" + table());
            StringBuilder csv = new StringBuilder("configuration,seed,metric,value\n");
            values.forEach((c, bySeed) -> bySeed.forEach((seed, m) -> m.forEach((name, v) ->
                    csv.append('"').append(c.replace("\"", "\"\"")).append("\",").append(seed).append(',').append(name)
                            .append(',').append(v).append('\n'))));
            Files.writeString(folder.resolve(VALUES), csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison in " + folder, e);
        }
        if (ranking != null) {
            Map<String, TreeMap<Long, Double>> points = new LinkedHashMap<>();
            Map<String, MeanInterval> means = new LinkedHashMap<>();
            configurations.forEach(c -> {
                points.put(label(c.label()), values(c.label(), ranking));
                means.put(label(c.label()), summary(c.label(), ranking));
            });
            SweepPlot.write(folder.resolve(PLOT), title + ": " + ranking, points, means);
        }
    }

    private static String label(String configuration) {
        return configuration.isEmpty() ? "(spec as written)" : configuration;
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.4f", v);
    }

    private static String p(double p) {
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
