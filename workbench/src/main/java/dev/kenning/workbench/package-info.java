/**
 * The façade every front end uses: {@link dev.kenning.workbench.Workbench} takes an
 * {@link dev.kenning.workbench.spec.ExperimentSpec}, loads the knowledge, lets the rules derive
 * the constraints, makes the data, trains, evaluates and writes a run directory
 * ({@link dev.kenning.workbench.RunDirectory}). The CLI, GUI and notebooks only call it.
 */
package dev.kenning.workbench;
