package dev.kenning.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.InputError;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A run's metrics: names and values in order, as {@code metrics.json} holds them (a flat JSON
 * object of name → number). NaN and the infinities are metrics too (an undefined correlation):
 * Jackson writes them as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"},
 * and a {@code null} reads as NaN.
 */
public final class Metrics {
    private static final Metrics EMPTY = new Metrics(new LinkedHashMap<>());

    private final Map<MetricName, Double> values;

    private Metrics(LinkedHashMap<MetricName, Double> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Metrics empty() {
        return EMPTY;
    }

    /** From names as text (the map a run builds, or metrics.json read as a map), in the map's order. */
    public static Metrics of(Map<String, Double> byName) {
        Builder b = builder();
        byName.forEach((name, value) -> b.put(MetricName.parse(name), value == null ? Double.NaN : value));
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects metrics in the order they are put; putting a name again replaces its value in place. */
    public static final class Builder {
        private final LinkedHashMap<MetricName, Double> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(MetricName name, double value) {
            values.put(MetricName.requireName(name), value);
            return this;
        }

        public Builder putAll(Metrics metrics) {
            values.putAll(metrics.values);
            return this;
        }

        public Metrics build() {
            return new Metrics(new LinkedHashMap<>(values));
        }
    }

    /** The value, or empty when the run did not report this metric. */
    public OptionalDouble get(MetricName name) {
        Double v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The value, or {@code fallback} when the run did not report this metric. */
    public double get(MetricName name, double fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean contains(MetricName name) {
        return values.containsKey(name);
    }

    public Set<MetricName> names() {
        return values.keySet();
    }

    /** Name → value, in order; unmodifiable. */
    public Map<MetricName, Double> values() {
        return values;
    }

    /** Name as text → value, in order, exactly the keys metrics.json has; unmodifiable. */
    public Map<String, Double> asMap() {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((n, v) -> out.put(n.toString(), v));
        return Collections.unmodifiableMap(out);
    }

    /** Why a model can run against labels it learned, and what to do: said by a run's warning and by {@code kenning predict}. */
    public static final String AGAINST_LABELS_ADVICE = "Its law fixes the sign (free fall: height, up positive) and the labels"
            + " count the other way, as image rows from a tracker do (they grow downward): negate the values in labels.csv to"
            + " score heights";

    /**
     * One line for each model flagged as having learned nothing ({@code <group>.learned_nothing}
     * is 1), with its correlation on its own training windows: a completed run whose numbers are
     * not a result; and one for each whose labels count the other way from the law's sign
     * ({@code <group>.against_labels} is 1). Empty when nothing is flagged.
     */
    public java.util.List<String> warnings() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        values.forEach((name, value) -> {
            if (name.measure().equals(MetricName.LEARNED_NOTHING) && value == 1.0) {
                double r = get(MetricName.trainCorr(name.group()), Double.NaN);
                warnings.add(String.format(java.util.Locale.ROOT, "%s learned nothing: its correlation on its own training"
                        + " windows is %.4f (%s), so its test metrics are not a result; lower training.learning_rate,"
                        + " train longer, or check the knowledge", name.group(), r, MetricName.trainCorr(name.group())));
            }
            if (name.measure().equals(MetricName.AGAINST_LABELS) && value == 1.0) {
                double r = get(MetricName.trainCorr(name.group()), Double.NaN);
                warnings.add(String.format(java.util.Locale.ROOT, "%s runs against its labels: its correlation on its own"
                        + " training windows is %.4f (%s). %s; %s ignores the sign", name.group(), r,
                        MetricName.trainCorr(name.group()), AGAINST_LABELS_ADVICE, MetricName.windowAbsR(name.group())));
            }
        });
        return warnings;
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Reads a parsed metrics.json; {@code file} names it in errors.
     *
     * @throws InputError if it is not an object of name → number
     */
    static Metrics fromJson(JsonNode node, Path file) {
        if (node == null || !node.isObject()) {
            throw new InputError(file.toString(), "expected a JSON object of metric name → number");
        }
        Builder b = builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isEmpty()) {
                throw new InputError(file.toString(), "a metric has an empty name");
            }
            b.put(MetricName.parse(e.getKey()), number(file, e.getKey(), e.getValue()));
        }
        return b.build();
    }

    /** Jackson writes NaN and the infinities as strings ("NaN"): an undefined correlation is still a metric. */
    private static double number(Path file, String name, JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isNull()) {
            return Double.NaN;
        }
        switch (value.asText()) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                throw new InputError(file.toString(), "metric '" + name + "' is not a number: " + value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metrics m && m.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
