package dev.kenning.workbench.registry;

import dev.kenning.core.run.MetricName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Several runs side by side, as Weka's Experimenter shows them: one row per metric, one column
 * per run. Runs of the same experiment (same spec name) are repeated seeds, so each such group
 * also gets mean ± 95% CI per metric, and, for every metric measured for both the label-free and
 * the supervised model ({@code label_free.X}, {@code supervised.X}), the paired difference across
 * its runs: the question the paper asks is whether physics alone gets as far as labels.
 */
public final class RunComparison {
    public static final double LEVEL = 0.95;

    private final List<FinishedRun> runs;
    private final List<String> metrics;
    private final Map<String, List<FinishedRun>> groups;

    private RunComparison(List<FinishedRun> runs) {
        this.runs = List.copyOf(runs);
        TreeSet<String> names = new TreeSet<>();
        runs.forEach(r -> names.addAll(r.metrics().keySet()));
        this.metrics = List.copyOf(names);
        Map<String, List<FinishedRun>> g = new LinkedHashMap<>();
        for (FinishedRun r : runs) {
            g.computeIfAbsent(r.experiment(), k -> new ArrayList<>()).add(r);
        }
        this.groups = g;
    }

    public static RunComparison of(List<FinishedRun> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to compare");
        }
        return new RunComparison(runs);
    }

    public List<FinishedRun> runs() {
        return runs;
    }

    /** Every metric name any run reports, sorted. */
    public List<String> metrics() {
        return metrics;
    }

    /** Runs by experiment (spec name), in the order given. */
    public Map<String, List<FinishedRun>> groups() {
        return groups;
    }

    /** The metric in each run of the list; NaN where a run does not report it. */
    public static double[] values(List<FinishedRun> runs, String metric) {
        return runs.stream().mapToDouble(r -> r.metrics().getOrDefault(metric, Double.NaN)).toArray();
    }

    /** Mean ± CI of each metric over one group's runs. */
    public Map<String, MeanInterval> summary(String experiment) {
        List<FinishedRun> group = groups.get(experiment);
        Map<String, MeanInterval> out = new LinkedHashMap<>();
        for (String m : metrics) {
            out.put(m, MeanInterval.of(values(group, m), LEVEL));
        }
        return out;
    }

    /**
     * The measures label-free and supervised models are paired on: how well each tracks. Their
     * timings, flags (learned_nothing) and early-stopping steps differ for reasons a t-test does not
     * speak to.
     */
    static final java.util.Set<String> PAIRED = java.util.Set.of(MetricName.TEST_CORR, MetricName.TEST_CORR_MIN,
            MetricName.WINDOW_ABS_R, MetricName.GLOBAL_R, MetricName.TRAIN_CORR);

    /**
     * label_free.X − supervised.X paired by run within one group, for every score X ({@link #PAIRED})
     * both report. The bootstrap is seeded by the metric's name so the same runs always give the same report.
     */
    public Map<String, PairedDifference> labelFreeVersusSupervised(String experiment) {
        List<FinishedRun> group = groups.get(experiment);
        Map<String, PairedDifference> out = new LinkedHashMap<>();
        for (String m : metrics) {
            MetricName labelFree = MetricName.parse(m);
            if (labelFree.group().equals(MetricName.LABEL_FREE) && PAIRED.contains(labelFree.measure())) {
                String suffix = labelFree.measure();
                String supervised = labelFree.inGroup(MetricName.SUPERVISED).toString();
                if (metrics.contains(supervised)) {
                    out.put(suffix, PairedDifference.of(values(group, m), values(group, supervised),
                            LEVEL, suffix.hashCode()));
                }
            }
        }
        return out;
    }

    /**
     * Group a − group b for one metric, pairing runs by seed (two experiments run on the same
     * seeds see the same data); runs whose seed the other group lacks are left out.
     *
     * @return null when no seed is shared
     */
    public PairedDifference betweenGroups(String a, String b, String metric) {
        Map<Long, FinishedRun> bySeed = new LinkedHashMap<>();
        groups.get(b).stream().filter(r -> r.seed() != null).forEach(r -> bySeed.putIfAbsent(r.seed(), r));
        List<FinishedRun> left = new ArrayList<>();
        List<FinishedRun> right = new ArrayList<>();
        for (FinishedRun r : groups.get(a)) {
            FinishedRun other = r.seed() == null ? null : bySeed.remove(r.seed());
            if (other != null) {
                left.add(r);
                right.add(other);
            }
        }
        if (left.isEmpty()) {
            return null;
        }
        return PairedDifference.of(values(left, metric), values(right, metric), LEVEL, metric.hashCode());
    }
}
