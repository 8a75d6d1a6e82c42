package dev.kenning.core;

import java.util.Map;

/** One logged step: each term's unweighted value on the step's batch, the weighted total, speed. */
public record HistoryRow(int step, Map<String, Double> terms, double total, double stepsPerSecond) {
}
