/**
 * Data sources, deterministic for a seed. Generators render videos whose ground truth
 * ({@link dev.kenning.datasets.Video#truth()}) is kept beside the pixels for evaluation only:
 * label-free training never reads it.
 */
package dev.kenning.datasets;
