package dev.kenning.workbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    @Override
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d image(s) named among %s (%s%s) with %s in %.2f s; wrote %s", images, among, task,
                support > 0 ? ", by the prototypes of " + support + " support image(s)" : "", engine, seconds, csv));
        if (scored > 0) {
            lines.add(String.format(Locale.ROOT, "accuracy %.4f over the %d image(s) in folders named after those classes; the run's %s: %.4f%s",
                    accuracy, scored, runMetric, runValue, support > 0 ? " (over its test episodes)" : ""));
        } else {
            lines.add("no image sits in a folder named after " + (among.size() == 1 ? "that class" : "one of those classes")
                    + ", so none is scored (put them in class folders, as torchvision's ImageFolder reads them, to see the accuracy)");
        }
        if (inSupport > 0) {
            lines.add(String.format(Locale.ROOT, "note: %d of the images named are support images too; their accuracy flatters the model",
                    inSupport));
        }
        if (otherClass > 0) {
            lines.add(String.format(Locale.ROOT, "%d image(s) in folders of the knowledge's other classes were named too, not scored: this"
                    + " model names an image only among %s", otherClass, among));
        }
        if (!unmatched.isEmpty()) {
            int count = unmatched.values().stream().mapToInt(Integer::intValue).sum();
            List<String> folders = unmatched.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
            lines.add(String.format(Locale.ROOT, "%d image(s) in %d folder(s) that name none of those classes were named, not scored: %s%s;"
                    + " a folder scores its images when it is named after one (case and punctuation aside) or by another name"
                    + " the knowledge gives it", count, folders.size(), String.join(", ", folders.subList(0, Math.min(5, folders.size()))),
                    folders.size() > 5 ? ", …" : ""));
        }
        return lines;
    }
}
