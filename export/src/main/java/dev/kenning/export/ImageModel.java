package dev.kenning.export;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.learner.images.ImageNetwork;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a completed image-task run says about one of its trained models, as a bundle needs it:
 * the {@code .sdz} of phase {@code phase} (a zero-shot {@code knowledge-s0}, a semi-supervised
 * {@code knowledge-s0} or {@code baseline-s0}, a few-shot {@code knowledge} or {@code baseline}),
 * the outputs it names images by and the {@link Rule} by which it does.
 *
 * @param outputs         the network outputs the rule reads, in order
 * @param classes         the classes in label order, named as image folders name them
 * @param otherNames      the other names each class goes by in the knowledge (labels in any language,
 *                        equivalent classes), by class: folders may name a class by them
 * @param classMap        the folders the run's spec named the class of ({@code data.classes}: folder →
 *                        class), which name it before any other name
 * @param attributes      the attribute outputs in the network's order (none without an attribute head)
 * @param profiles        per class, the degree of each attribute, NaN where the knowledge does not say
 * @param usable          the attributes the profiles may be read by (learnable from the classes trained on)
 * @param candidates      the labels an image is named among: a zero-shot run's unseen classes, all for a
 *                        class head; for prototypes, whose classes are the support images' folders, the
 *                        novel classes the run's test episodes were drawn from
 * @param profilePrior    prototypes: how many support images a class's profile counts as
 * @param profileWeight   prototypes: the attribute evidence's weight (divided by a class's support images); 0 for none
 * @param accuracyMetric  the run's metric holding this model's test accuracy
 */
public record ImageModel(Path folder, String task, String phase, Path model, Rule rule, List<String> outputs,
                         List<ConstraintSpec> constraints, List<KnowledgeFile> knowledge, Map<String, Double> metrics, long seed,
                         List<String> classes, Map<String, List<String>> otherNames, Map<String, String> classMap, List<String> attributes, double[][] profiles,
                         boolean[] usable, List<Integer> candidates, double profilePrior, double profileWeight,
                         String accuracyMetric) {

    /** How a model's outputs name an image. */
    public enum Rule {
        /** zero-shot: the candidate class whose attribute profile the image's attribute probabilities fit best */
        PROFILES(List.of(ImageNetwork.ATTRIBUTES)),
        /** a class head: the largest logit */
        LARGEST_LOGIT(List.of(ImageNetwork.CLASS_LOGITS)),
        /** few-shot: the support class whose prototype is nearest, in the embedding and the attributes' evidence */
        PROTOTYPES(List.of(ImageNetwork.EMBEDDING, ImageNetwork.ATTRIBUTES));

        private final List<String> outputs;

        Rule(List<String> outputs) {
            this.outputs = outputs;
        }

        /** The manifest's name of the rule. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The outputs this rule may read; a model without an attribute head reads its embedding only. */
        public List<String> outputs(boolean attributeHead) {
            return attributeHead ? outputs : outputs.subList(0, 1);
        }

        public static Rule of(String key) {
            for (Rule r : values()) {
                if (r.key().equals(key)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("no rule '" + key + "'");
        }
    }

    public ImageModel {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate classes");
        }
        outputs = List.copyOf(outputs);
        classes = List.copyOf(classes);
        otherNames = Map.copyOf(otherNames);
        classMap = Map.copyOf(classMap);
        attributes = List.copyOf(attributes);
        candidates = List.copyOf(candidates);
    }
}
