/**
 * Sweeps: a spec's grid of settings × seeds as one experiment. {@link dev.kenning.workbench.sweep.SweepPlan}
 * expands and checks the grid before anything runs (each configuration's spec is loaded with its
 * values, so a bad key or value is refused as the spec loader refuses it);
 * {@link dev.kenning.workbench.sweep.SweepDriver} records every run and the sweep itself in the
 * registry and writes the {@link dev.kenning.workbench.sweep.SweepComparison}. How runs are spread
 * over cores or machines is a {@link dev.kenning.workbench.sweep.SweepEngine}, found at run time:
 * the {@code sweeps} module's Spark engine, which sits above the workbench and is reached through
 * this interface, so the workbench does not depend on Spark and front ends need not know it.
 */
package dev.kenning.workbench.sweep;
