/**
 * The sweep engine on Apache Spark: {@link dev.kenning.sweeps.SparkSweepEngine} submits one Spark
 * job per run ({@code local[N]}, a standalone master, or YARN), ships the runs' input
 * files as one archive checked by content hash ({@link dev.kenning.sweeps.ShippedInputs}) and Kenning's classes as jars,
 * and each task ({@link dev.kenning.sweeps.RunTask}) runs one whole run through the workbench, as
 * {@code kenning run} does, and hands its run folder back packed ({@link dev.kenning.sweeps.FolderArchive}).
 * The module sits above the workbench and implements its {@code SweepEngine}; nothing in Kenning
 * depends on it, so Spark stays out of every other module's classpath.
 */
package dev.kenning.sweeps;
