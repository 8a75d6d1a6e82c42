package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.RunConstraints;
import dev.kenning.core.run.RunFolder;
import dev.kenning.export.ImageModel;
import dev.kenning.export.KnowledgeFile;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.workbench.spec.AdditionSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image-task run's model as a bundle needs it ({@link ImageModel}), read from the run's folder:
 * the classes, attributes and profiles from the constraints the run derived (its
 * {@code constraints.json}); the other names its classes go by, and so its held-out classes as
 * the run resolved them, from its knowledge derived again (checked unchanged first; a run that
 * read a SPARQL endpoint keeps its classes' own names); which attributes the profiles may be read
 * by; and the rule by which the model names an image: a zero-shot model by the unseen classes'
 * profiles, a semi-supervised one by its class head, a few-shot one by the prototypes of support
 * images given when it is used, with the knowledge's profiles counted in as the run's test
 * episodes counted them. An addition run's digit classifier, taught by sums through the formula,
 * names a digit image by its class head.
 */
final class ImageRunModel {
    /** A zero-shot or semi-supervised run's phase: a model with or without the knowledge, for one seed. */
    private static final Pattern SEEDED = Pattern.compile("(" + MetricName.KNOWLEDGE + "|" + MetricName.BASELINE + ")-s(\\d+)");
    /** A few-shot run's exportable models (its shuffled control is not one). */
    private static final List<String> FEW_SHOT = List.of(MetricName.KNOWLEDGE, MetricName.BASELINE);

    private ImageRunModel() {
    }

    /** Whether the run folder's spec trains image models ({@code task:} few-shot, zero-shot, semi-supervised or addition). */
    static boolean isImageRun(RunFolder run) {
        if (!Files.isRegularFile(run.specFile())) {
            return false;
        }
        String task = String.valueOf(run.spec().get("task"));
        return ImageTaskSpec.TASKS.contains(task) || AdditionSpec.TASK.equals(task);
    }

    /** The phases whose model an export of this image run may take, the first being the default. */
    static List<String> phases(RunFolder run) {
        boolean fewShot = "few-shot".equals(run.spec().get("task"));
        String first = fewShot ? MetricName.KNOWLEDGE : MetricName.KNOWLEDGE + "-s" + run.spec().getOrDefault("seed", 0);
        List<String> out = new ArrayList<>();
        // an addition run's baseline predicts sums from whole examples: not a classifier of one image
        boolean addition = AdditionSpec.TASK.equals(run.spec().get("task"));
        run.models().keySet().stream().filter(p -> fewShot ? FEW_SHOT.contains(p) : SEEDED.matcher(p).matches()
                && !(addition && p.startsWith(MetricName.BASELINE))).forEach(out::add);
        if (out.remove(first)) {
            out.add(0, first);
        }
        return out;
    }

    /** The model of {@code phase} (null: the run's default, {@link #phases}'s first) with what naming an image needs. */
    static ImageModel read(Workbench workbench, Path folder, String phase) {
        RunFolder run = RunFolder.of(folder);
        SpecFile spec = SpecFile.load(run.specFile());
        ImageTaskSpec image = spec instanceof ImageTaskSpec i ? i : null;
        String task = image != null ? image.task() : AdditionSpec.TASK;
        boolean fewShot = task.equals("few-shot");
        boolean zeroShot = task.equals("zero-shot");
        List<String> available = phases(run);
        String chosen = phase != null ? phase : available.isEmpty() ? "?" : available.get(0);
        if (!available.contains(chosen)) {
            throw new InputError("--phase", "this " + task + " run has no model '" + chosen + "' to export; its models"
                    + " are " + available);
        }
        // a run that did not complete keeps the models of the trainings it finished: exported without metrics
        RunConstraints recorded = run.constraints()
                .orElseThrow(() -> new InputError(run.constraintsFile().toString(), "not found"));
        List<KnowledgeFile> knowledge = KnowledgeFile.of(recorded);
        knowledge.forEach(KnowledgeFile::requireUnchanged);
        ClassKnowledge classes;
        try {
            // as the task read them: an addition run's digits under the product semantics
            classes = image != null ? ClassKnowledge.of(recorded.constraints(), image.knowledge().semantics(),
                    image.knowledge().formulas()) : ClassKnowledge.of(recorded.constraints(), dev.kenning.constraints.logic.Semantics.PRODUCT);
        } catch (IllegalArgumentException e) {
            throw new InputError(run.constraintsFile().toString(), e.getMessage());
        }
        DerivedKnowledge derived = spec.knowledgeSources().endpoint() == null ? workbench.derive(spec)
                : new DerivedKnowledge(recorded.constraints(), Map.of(), Map.of(), 0, null, List.of(), List.of(), Map.of(), Map.of(), "");
        List<Integer> heldOut = image == null ? List.of() : ImageTask.heldOutLabels(image, classes, derived);
        List<Integer> trainedOn = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < classes.classOutputs().size(); c++) {
            all.add(c);
            if (!heldOut.contains(c)) {
                trainedOn.add(c);
            }
        }
        List<String> names = classes.classOutputs().stream().map(c -> c.replaceFirst("^class:", "")).toList();
        double[][] profiles = new double[names.size()][];
        for (int c = 0; c < profiles.length; c++) {
            profiles[c] = classes.profile(c);
        }
        boolean withKnowledge = chosen.startsWith(MetricName.KNOWLEDGE);
        ImageModel.Rule rule = fewShot ? ImageModel.Rule.PROTOTYPES : zeroShot ? ImageModel.Rule.PROFILES
                : ImageModel.Rule.LARGEST_LOGIT;
        // the heads the run built: attributes for zero-shot and for few-shot's knowledge model, classes for semi-supervised
        boolean attributeHead = zeroShot || fewShot && withKnowledge;
        long seed;
        String metric;
        if (fewShot) {
            seed = spec.seed();
            metric = (withKnowledge ? MetricName.KNOWLEDGE_ACC : MetricName.BASELINE_ACC).toString();
        } else {
            Matcher m = SEEDED.matcher(chosen);
            if (!m.matches()) {
                throw new IllegalStateException("phases() offered '" + chosen + "'");
            }
            seed = Long.parseLong(m.group(2));
            // an addition run scores its digit classifier by the digits it reads in the test sums
            metric = (image == null ? MetricName.of(m.group(1), "digit_acc") : MetricName.acc(m.group(1))).seed(seed).toString();
        }
        return new ImageModel(folder, task, chosen, run.model(chosen), rule, rule.outputs(attributeHead),
                recorded.constraints(), knowledge, run.metricsIfAny().asMap(), seed, names, ImageTask.otherNames(derived),
                image == null ? Map.of() : image.data().classMap().stream().collect(java.util.stream.Collectors.toMap(
                        dev.kenning.datasets.ImageFolder.ClassFolder::folder, dev.kenning.datasets.ImageFolder.ClassFolder::className, (a, b) -> a, java.util.LinkedHashMap::new)),
                attributeHead ? classes.attributes() : List.of(), profiles, classes.learnableFrom(trainedOn),
                rule == ImageModel.Rule.LARGEST_LOGIT ? all : heldOut,
                fewShot ? image.knowledge().profilePrior() : 0, fewShot && withKnowledge ? image.knowledge().profileWeight() : 0,
                metric);
    }
}
