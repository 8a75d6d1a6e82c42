/**
 * The run folder: its layout and typed contents, for every writer and reader of runs.
 * {@link dev.kenning.core.run.RunFolder} knows every file a run writes (spec.yaml,
 * constraints.json, history.csv, metrics.json, status.json, model/, checkpoints/, plots,
 * confusion.csv, report.html), reads each as a type ({@link dev.kenning.core.run.RunStatus},
 * {@link dev.kenning.core.run.Metrics}, {@link dev.kenning.core.run.RunConstraints}) and writes
 * status and metrics atomically. {@link dev.kenning.core.run.MetricName} is a metric's key,
 * spelled exactly as metrics.json has always spelled it, so folders written before these types
 * existed read unchanged.
 */
package dev.kenning.core.run;
