/**
 * Data sources, deterministic for a seed. Generators render videos whose ground truth
 * ({@link dev.kenning.datasets.Video#truth()}) is kept beside the pixels for evaluation only:
 * label-free training never reads it. Folders a user brings (image sequences, class folders of
 * images) are read here too, each bad file one {@link dev.kenning.core.InputError} naming it;
 * decoded class folders are kept between runs by {@link dev.kenning.datasets.DecodedImageCache}.
 */
package dev.kenning.datasets;
