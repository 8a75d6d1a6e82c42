package dev.kenning.workbench;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Workbench#predict} did with an image model's bundle: how many images it named,
 * among which classes, with which engine, how long it took, where the CSV went, and, for images
 * in folders named after those classes, the accuracy beside the run's own figure.
 *
 * @param task       zero-shot or semi-supervised
 * @param among      the classes the model names images among: a few-shot model's support classes
 * @param support    the support images given to a few-shot model (0 for others)
 * @param inSupport  named images that are support images too
 * @param scored     images whose folder names one of those classes; {@code accuracy} is over these (NaN if none)
 * @param otherClass images whose folder names another of the knowledge's classes (not scored: the model never answers it)
 * @param unmatched  folders holding images that name no class of the model, with their images' count (not scored)
 * @param runMetric  the run's metric for this model's test accuracy, {@code runValue} its value (NaN if absent)
 */
public record ClassifiedImages(int images, String task, List<String> among, int support, int inSupport, String engine, double seconds, Path csv,
                               double accuracy, int scored, int otherClass, java.util.Map<String, Integer> unmatched,
                               String runMetric, double runValue)
        implements Predictions {
}
