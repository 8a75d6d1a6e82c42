/**
 * The runs registry: finished run folders read back ({@link dev.kenning.workbench.registry.FinishedRun}),
 * compared across seeds with their own small statistics ({@link dev.kenning.workbench.registry.RunComparison},
 * {@link dev.kenning.workbench.registry.StudentT}, {@link dev.kenning.workbench.registry.PairedDifference}),
 * reported in an offline {@code report.html} ({@link dev.kenning.workbench.registry.RunReport}), and
 * recorded as PROV-O in the workspace graph ({@link dev.kenning.workbench.registry.RunRegistry}), which
 * {@link dev.kenning.workbench.registry.RunCompletion} does at the end of every run. It reads only what
 * a run folder holds, so runs made before these existed compare, report and record too.
 */
package dev.kenning.workbench.registry;
