package dev.kenning.export;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.learner.images.ImageNetwork;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a completed image-task run says about one of its trained models, as a bundle needs it:
 * the {@code .sdz} of phase {@code phase} (a zero-shot {@code knowledge-s0}, a semi-supervised
 * {@code knowledge-s0} or {@code baseline-s0}), the output it names images by and how: the
 * attribute probabilities ({@code attributes}) scored against each candidate class's profile,
 * or the class logits ({@code class_logits}) whose largest wins.
 *
 * @param classes         the classes in label order, named as image folders name them
 * @param otherNames      the other names each class goes by in the knowledge (labels in any language,
 *                        equivalent classes), by class: folders may name a class by them
 * @param attributes      the attribute outputs in the network's order (none for a class head)
 * @param profiles        per class, the degree of each attribute, NaN where the knowledge does not say
 * @param usable          the attributes the profile score reads (learnable from the classes trained on)
 * @param candidates      the labels an image is named among: a zero-shot run's unseen classes, else all
 * @param accuracyMetric  the run's metric holding this model's test accuracy among the candidates
 */
public record ImageModel(Path folder, String task, String phase, Path model, String output, List<ConstraintSpec> constraints,
                         List<KnowledgeFile> knowledge, Map<String, Double> metrics, long seed, List<String> classes,
                         Map<String, List<String>> otherNames, List<String> attributes, double[][] profiles, boolean[] usable, List<Integer> candidates,
                         String accuracyMetric) {

    public ImageModel {
        if (!output.equals(ImageNetwork.ATTRIBUTES) && !output.equals(ImageNetwork.CLASS_LOGITS)) {
            throw new IllegalArgumentException("output must be " + ImageNetwork.ATTRIBUTES + " or " + ImageNetwork.CLASS_LOGITS + ", got " + output);
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate classes");
        }
        classes = List.copyOf(classes);
        otherNames = Map.copyOf(otherNames);
        attributes = List.copyOf(attributes);
        candidates = List.copyOf(candidates);
    }

    /** Whether images are named by the profiles of their classes (the attribute head), not by a class head. */
    public boolean byProfile() {
        return output.equals(ImageNetwork.ATTRIBUTES);
    }
}
