package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.RunConstraints;
import dev.kenning.core.run.RunFolder;
import dev.kenning.export.ImageModel;
import dev.kenning.export.KnowledgeFile;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.workbench.spec.ImageTaskSpec;

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
 * read a SPARQL endpoint keeps its classes' own names); and which attributes the profiles may be
 * read by. Zero-shot runs name an image
 * among their unseen classes by the profiles; semi-supervised ones by their class head. Few-shot
 * runs classify by episodes built from support images, which a bundle does not hold: refused.
 */
final class ImageRunModel {
    /** An image run's phase: a model with or without the knowledge, for one seed. */
    private static final Pattern PHASE = Pattern.compile("(" + MetricName.KNOWLEDGE + "|" + MetricName.BASELINE + ")-s(\\d+)");

    private ImageRunModel() {
    }

    /** Whether the run folder's spec is an image task ({@code task:} few-shot, zero-shot or semi-supervised). */
    static boolean isImageRun(RunFolder run) {
        return Files.isRegularFile(run.specFile()) && ImageTaskSpec.TASKS.contains(String.valueOf(run.spec().get("task")));
    }

    /** The phases whose model an export of this image run may take, the first being the default. */
    static List<String> phases(RunFolder run) {
        List<String> out = new ArrayList<>();
        Object seed = run.spec().getOrDefault("seed", 0);
        String first = MetricName.KNOWLEDGE + "-s" + seed;
        run.models().keySet().stream().filter(p -> PHASE.matcher(p).matches()).forEach(out::add);
        if (out.remove(first)) {
            out.add(0, first);
        }
        return out;
    }

    /** The model of {@code phase} (null: the knowledge model of the spec's seed) with what naming an image needs. */
    static ImageModel read(Workbench workbench, Path folder, String phase) {
        RunFolder run = RunFolder.of(folder);
        ImageTaskSpec spec = ImageTaskSpec.load(run.specFile());
        if (spec.task().equals("few-shot")) {
            throw new InputError(folder.toString(), "is a few-shot run: its models name an image by comparing it with a"
                    + " handful of labelled support images per class, episode by episode, and a bundle holds no support images;"
                    + " kenning export packs zero-shot and semi-supervised image models and the sequence experiments' models");
        }
        String chosen = phase == null ? MetricName.KNOWLEDGE + "-s" + spec.seed() : phase;
        Matcher m = PHASE.matcher(chosen);
        if (!m.matches() || !Files.isRegularFile(run.model(chosen))) {
            throw new InputError("--phase", "this " + spec.task() + " run has no model '" + chosen + "'; its models are "
                    + phases(run));
        }
        if (!Files.exists(run.metricsFile())) {
            throw new InputError(folder.toString(), "has no " + RunFolder.METRICS + ": the run did not complete (see "
                    + RunFolder.STATUS + ")");
        }
        RunConstraints recorded = run.constraints()
                .orElseThrow(() -> new InputError(run.constraintsFile().toString(), "not found"));
        List<KnowledgeFile> knowledge = KnowledgeFile.of(recorded);
        knowledge.forEach(KnowledgeFile::requireUnchanged);
        ClassKnowledge classes;
        try {
            classes = ClassKnowledge.of(recorded.constraints(), spec.knowledge().semantics(), spec.knowledge().formulas());
        } catch (IllegalArgumentException e) {
            throw new InputError(run.constraintsFile().toString(), e.getMessage());
        }
        DerivedKnowledge derived = spec.knowledgeSources().endpoint() == null ? workbench.derive(spec)
                : new DerivedKnowledge(recorded.constraints(), Map.of(), Map.of(), 0, null, List.of(), List.of(), Map.of());
        List<Integer> heldOut = ImageTask.heldOutLabels(spec, classes, derived);
        boolean zeroShot = spec.task().equals("zero-shot");
        List<Integer> seen = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < classes.classOutputs().size(); c++) {
            all.add(c);
            if (!heldOut.contains(c)) {
                seen.add(c);
            }
        }
        List<String> names = classes.classOutputs().stream().map(c -> c.replaceFirst("^class:", "")).toList();
        Map<String, List<String>> otherNames = ImageTask.otherNames(derived);
        double[][] profiles = new double[names.size()][];
        for (int c = 0; c < profiles.length; c++) {
            profiles[c] = classes.profile(c);
        }
        long seed = Long.parseLong(m.group(2));
        String metric = MetricName.acc(m.group(1)).seed(seed).toString();
        return new ImageModel(folder, spec.task(), chosen, run.model(chosen), zeroShot ? ImageNetwork.ATTRIBUTES
                : ImageNetwork.CLASS_LOGITS, recorded.constraints(), knowledge, run.metrics().asMap(), seed, names, otherNames,
                zeroShot ? classes.attributes() : List.of(), profiles, classes.learnableFrom(seen), zeroShot ? heldOut : all,
                metric);
    }
}
