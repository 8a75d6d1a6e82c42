package dev.kenning.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.ClassKeys;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.learner.images.FewShot;
import dev.kenning.learner.images.ImageNetwork;
import org.nd4j.autodiff.samediff.SameDiff;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image-task run's model packed to run outside Kenning, in the same folder layout as a
 * tracking model's ({@link ModelBundle}, {@link BundleFolder}): {@code model.sdz}, {@code model.onnx}
 * (images in; the attribute probabilities, the class logits, or the embedding with the attribute
 * probabilities out), {@code knowledge/} and a manifest that says how the run read its images and
 * by which {@link ImageModel.Rule} the outputs name an image: for a zero-shot model, each candidate
 * class's attribute profile from the knowledge and the score
 * ({@link ClassKnowledge#profileLogLikelihood(float[], double[], boolean[])}); for a class head,
 * the largest logit; for a few-shot model, the nearest prototype of the user's support images
 * ({@link FewShot#logits}), the knowledge's profiles counted in as the run counted them. A program
 * with only ONNX Runtime and the manifest can name images as Kenning does.
 */
public final class ImageBundle implements AutoCloseable {
    private static final int CHUNK = 256;

    private final Path folder;
    private final JsonNode manifest;
    private final String task;
    private final ImageModel.Rule rule;
    private final long[] imageShape;
    private final List<String> outputs = new ArrayList<>();
    private final List<String> classes = new ArrayList<>();
    private final List<String> attributes = new ArrayList<>();
    private final int[] candidates;
    private final double[][] profiles;
    private final boolean[] usable;
    private final double prior;
    private final double weight;
    private final Map<Engine, FramePredictor> engines = new LinkedHashMap<>();

    private ImageBundle(Path folder, JsonNode m) {
        this.folder = folder;
        this.manifest = m;
        String where = folder.resolve(ModelBundle.MANIFEST).toString();
        this.task = m.path("task").asText();
        JsonNode decision = m.path("decision");
        try {
            this.rule = ImageModel.Rule.of(decision.path("rule").asText());
        } catch (IllegalArgumentException e) {
            throw new InputError(where, "decision.rule must be one of " + Arrays.stream(ImageModel.Rule.values())
                    .map(ImageModel.Rule::key).toList() + ", got '" + decision.path("rule").asText() + "'");
        }
        JsonNode shape = m.path("input").path("shape");
        if (shape.size() != 4 || !ImageNetwork.INPUT.equals(m.path("input").path("name").asText())) {
            throw new InputError(where, "lacks input.name '" + ImageNetwork.INPUT + "' with input.shape [N,C,H,W]");
        }
        this.imageShape = new long[]{shape.get(1).asLong(), shape.get(2).asLong(), shape.get(3).asLong()};
        for (JsonNode o : m.path("outputs")) {
            outputs.add(o.path("name").asText());
            if (o.path("name").asText().equals(ImageNetwork.ATTRIBUTES)) {
                o.path("names").forEach(a -> attributes.add(a.asText()));
            }
        }
        if (outputs.isEmpty() || !rule.outputs(outputs.size() > 1).equals(outputs)) {
            throw new InputError(where, "outputs " + outputs + " are not what decision.rule " + rule.key() + " reads");
        }
        m.path("classes").forEach(c -> classes.add(c.asText()));
        JsonNode among = decision.path("among");
        candidates = new int[among.size()];
        for (int k = 0; k < candidates.length; k++) {
            candidates[k] = classes.indexOf(among.get(k).asText());
            if (candidates[k] < 0) {
                throw new InputError(where, "decision.among names '" + among.get(k).asText() + "', which is not among classes");
            }
        }
        if (candidates.length == 0 && rule != ImageModel.Rule.PROTOTYPES) {
            throw new InputError(where, "decision.among names no class");
        }
        profiles = new double[classes.size()][attributes.size()];
        usable = new boolean[attributes.size()];
        JsonNode listed = decision.path("profiles");
        for (int c = 0; c < classes.size(); c++) {
            for (int a = 0; a < attributes.size(); a++) {
                JsonNode d = listed.path(classes.get(c)).path(attributes.get(a));
                profiles[c][a] = d.isNumber() ? d.asDouble() : Double.NaN;
            }
        }
        List<String> reads = new ArrayList<>();
        decision.path("usable").forEach(u -> reads.add(u.asText()));
        for (int a = 0; a < attributes.size(); a++) {
            usable[a] = reads.contains(attributes.get(a));
        }
        prior = decision.path("profile_prior").asDouble(0);
        weight = decision.path("profile_weight").asDouble(0);
    }

    /** Writes the bundle of {@code run}'s model into {@code out}, as {@link ModelBundle#export} does for tracking. */
    public static ImageBundle export(ImageModel run, Path out, boolean int8Weights) {
        BundleFolder.write(out, folder -> write(run, folder, int8Weights));
        return load(out);
    }

    private static void write(ImageModel run, Path out, boolean int8Weights) {
        List<Map<String, Object>> knowledge = BundleFolder.copyKnowledge(run.knowledge(), out);
        Map<String, String> files = new LinkedHashMap<>();
        SameDiff sd = BundleFolder.writeNetwork(run.model(), out, ModelBundle.SAMEDIFF_FILE, ModelBundle.ONNX_FILE,
                ImageNetwork.INPUT, run.outputs(), int8Weights, files);
        long[] in = sd.getVariable(ImageNetwork.INPUT).placeholderShape();
        Map<String, Object> doc = BundleFolder.manifestHead(run.task(), run.folder(), run.phase());
        doc.put("seed", run.seed());
        doc.put("input", Map.of(
                "name", ImageNetwork.INPUT,
                "shape", List.of("N", in[1], in[2], in[3]),
                "dtype", "float32",
                "layout", "NCHW",
                "preprocessing", "the image resized to " + in[3] + "x" + in[2] + ", its aspect not kept (each side halved"
                        + " bilinearly while it is twice the target or more, then one bilinear step, as PIL's antialiased"
                        + " resize); " + (in[1] == 1 ? "one channel: a grey image's values, a colour image's luma"
                        + " 0.299 R + 0.587 G + 0.114 B" : "three channels: red, green, blue (a grey image's values in each)")
                        + "; transparent parts black; values divided by 255, giving floats in [0, 1]; one image per row of N"));
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (String name : run.outputs()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", name);
            switch (name) {
                case ImageNetwork.ATTRIBUTES -> {
                    o.put("shape", List.of("N", run.attributes().size()));
                    o.put("meaning", "the probability that the image shows each attribute (a sigmoid per attribute), taught"
                            + " by the knowledge's logic, not by attribute labels");
                    o.put("names", run.attributes());
                }
                case ImageNetwork.CLASS_LOGITS -> {
                    o.put("shape", List.of("N", run.classes().size()));
                    o.put("meaning", "a logit per class; softmax gives the probabilities");
                    o.put("names", run.classes());
                }
                default -> {
                    o.put("shape", List.of("N", OnnxGraphWriter.width(sd, ImageNetwork.INPUT, name)));
                    o.put("meaning", "the image's embedding, where a class is the mean embedding of its support images");
                }
            }
            outputs.add(o);
        }
        doc.put("outputs", outputs);
        doc.put("classes", run.classes());
        doc.put("class_names", run.otherNames());
        doc.put("class_map", run.classMap());
        doc.put("decision", decision(run));
        doc.put("onnx_weights", int8Weights ? "int8, symmetric per tensor, restored by DequantizeLinear" : "float32");
        doc.put("constraints", run.constraints());
        doc.put("knowledge", knowledge);
        doc.put("files", files);
        doc.put("metrics", run.metrics());
        doc.put("accuracy_metric", run.accuracyMetric());
        doc.put("versions", BundleFolder.versions());
        BundleFolder.seal(out, doc);
    }

    /** How the outputs name an image, for the manifest: by which rule, among which classes, with which profiles. */
    private static Map<String, Object> decision(ImageModel run) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rule", run.rule().key());
        String clip = "[" + ClassKnowledge.CLIP + ", " + (1 - ClassKnowledge.CLIP) + "]";
        switch (run.rule()) {
            case LARGEST_LOGIT -> d.put("how", "the class among 'among' with the largest logit");
            case PROFILES -> d.put("how", "the class among 'among' whose profile scores highest: the mean, over the usable"
                    + " attributes its profile states, of d·log p + (1 − d)·log(1 − p), p the attribute's probability clipped to "
                    + clip + ", d the profile's degree (1 shows it, 0 lacks it)");
            case PROTOTYPES -> d.put("how", "give support images: a few labelled images of each class to name images among"
                    + " (any classes, the knowledge's or new ones). A class's prototype is the mean embedding of its support"
                    + " images; an image's logit for a class is minus the squared distance of its embedding to the prototype"
                    + (run.outputs().contains(ImageNetwork.ATTRIBUTES) ? ", plus profile_weight / (the class's support images)"
                    + " × Σ over the usable attributes of p·log π + (1 − p)·log(1 − π), p the image's attribute probability and"
                    + " π the class's attribute prototype: the mean of its support images' probabilities with the class's profile"
                    + " (where the knowledge states it) counted as profile_prior more images, clipped to " + clip : "")
                    + "; the largest logit names the image");
        }
        if (run.rule() != ImageModel.Rule.PROTOTYPES) {
            d.put("among", run.candidates().stream().map(run.classes()::get).toList());
        } else {
            d.put("profile_prior", run.profilePrior());
            d.put("profile_weight", run.profileWeight());
        }
        if (!run.attributes().isEmpty()) {
            d.put("clip", ClassKnowledge.CLIP);
            List<String> usable = new ArrayList<>();
            for (int a = 0; a < run.attributes().size(); a++) {
                if (run.usable()[a]) {
                    usable.add(run.attributes().get(a));
                }
            }
            d.put("usable", usable);
            Map<String, Map<String, Double>> profiles = new LinkedHashMap<>();
            for (int c = 0; c < run.classes().size(); c++) {
                Map<String, Double> p = new LinkedHashMap<>();
                for (int a = 0; a < run.attributes().size(); a++) {
                    if (!Double.isNaN(run.profiles()[c][a])) {
                        p.put(run.attributes().get(a), run.profiles()[c][a]);
                    }
                }
                profiles.put(run.classes().get(c), p);
            }
            d.put("profiles", profiles);
        }
        return d;
    }

    /** Opens an image bundle after the checks every bundle gets ({@link BundleFolder#verified}). */
    public static ImageBundle load(Path folder) {
        JsonNode m = BundleFolder.verified(folder, ModelBundle.FORMAT_VERSION);
        if (m.path("task").asText(ModelBundle.TASK).equals(ModelBundle.TASK)) {
            throw new InputError(folder.resolve(ModelBundle.MANIFEST).toString(), "is a tracking model's bundle, not an image"
                    + " model's; kenning predict takes an image-sequence folder for it");
        }
        return new ImageBundle(folder, m);
    }

    /** Whether the bundle in {@code folder} names images (its manifest's task is an image task); false if unreadable. */
    public static boolean holdsImageModel(Path folder) {
        try {
            JsonNode m = dev.kenning.core.KenningJson.mapper().readTree(folder.resolve(ModelBundle.MANIFEST).toFile());
            return m != null && !m.path("task").asText(ModelBundle.TASK).equals(ModelBundle.TASK);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * What the model said of each image: the class it names ({@code labels}, indexes into
     * {@code classes}), its score, and the numbers behind it, one column per {@code columns} name.
     */
    public record Classified(List<String> classes, int[] labels, double[] scores, List<String> columns, float[][] values) {
    }

    /**
     * A few-shot model's support: per class (a folder's name), its images, and its profile in the
     * knowledge (all NaN for a class the knowledge does not know).
     */
    public record Support(List<String> classes, List<float[][]> images, List<double[]> profiles) {
    }

    /**
     * Names each image among the bundle's candidate classes. Images must be of {@link #imageShape}
     * (read as {@link dev.kenning.datasets.ImagesToClassify} reads them). The score is the profile's
     * mean log-likelihood, or the class's softmax probability among all classes.
     */
    public Classified classify(float[][] images, Engine engine) {
        if (rule == ImageModel.Rule.PROTOTYPES) {
            throw new IllegalStateException("a few-shot model names images among support images' classes: classify(images, prototypes)");
        }
        float[][] out = run(images, engine)[0];
        int[] labels = new int[images.length];
        double[] scores = new double[images.length];
        for (int i = 0; i < images.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c : candidates) {
                double s = rule == ImageModel.Rule.PROFILES ? ClassKnowledge.profileLogLikelihood(out[i], profiles[c], usable)
                        : out[i][c];
                if (s > best) {
                    best = s;
                    labels[i] = c;
                }
            }
            scores[i] = rule == ImageModel.Rule.PROFILES ? best : softmax(toDouble(out[i]), labels[i]);
        }
        return new Classified(classes(), labels, scores, rule == ImageModel.Rule.PROFILES ? List.copyOf(attributes) : classes(), out);
    }

    /**
     * A few-shot model's classes as its support images make them, with one runtime: per class the
     * prototype (the mean embedding), and with the knowledge's evidence the attribute prototype and
     * its weight (the evidence's weight divided by the class's support images). Made once, then
     * every image is named against it.
     */
    public record Prototypes(List<String> classes, Engine engine, double[][] embedding, double[][] attributes, double[] weights) {
    }

    /** The prototypes of {@code support}'s classes, computed by {@code engine}. */
    public Prototypes prototypes(Support support, Engine engine) {
        if (rule != ImageModel.Rule.PROTOTYPES) {
            throw new IllegalStateException("this " + task + " model names images without support images");
        }
        boolean evidence = outputs.size() > 1 && weight > 0;
        int ways = support.classes().size();
        double[][] prototypes = new double[ways][];
        double[][] attributeProto = evidence ? new double[ways][] : null;
        double[] attributeWeight = new double[ways];
        for (int k = 0; k < ways; k++) {
            float[][][] s = run(support.images().get(k), engine);
            prototypes[k] = FewShot.prototype(s[0]);
            if (evidence) {
                attributeProto[k] = ClassKnowledge.attributePrototype(support.profiles().get(k), s[1], usable, prior);
                attributeWeight[k] = weight / support.images().get(k).length;
            }
        }
        return new Prototypes(support.classes(), engine, prototypes, attributeProto, attributeWeight);
    }

    /**
     * Names each image among the prototypes' classes by the nearest one ({@link FewShot#logits},
     * as the run's test episodes did), in the prototypes' runtime; the score is the class's softmax
     * probability over the logits, one column per class.
     */
    public Classified classify(float[][] images, Prototypes prototypes) {
        boolean evidence = prototypes.attributes() != null;
        float[][][] q = run(images, prototypes.engine());
        int ways = prototypes.classes().size();
        int[] labels = new int[images.length];
        double[] scores = new double[images.length];
        float[][] values = new float[images.length][];
        for (int i = 0; i < images.length; i++) {
            double[] logit = FewShot.logits(q[0][i], evidence ? q[1][i] : null, prototypes.embedding(), prototypes.attributes(),
                    prototypes.weights());
            int best = 0;
            for (int k = 1; k < ways; k++) {
                best = logit[k] > logit[best] ? k : best;
            }
            labels[i] = best;
            scores[i] = softmax(logit, best);
            values[i] = new float[ways];
            for (int k = 0; k < ways; k++) {
                values[i][k] = (float) logit[k];
            }
        }
        return new Classified(prototypes.classes(), labels, scores, prototypes.classes(), values);
    }

    /** The knowledge's profile of the class a support folder is named after (or by another name of), else all NaN. */
    public double[] profileOf(String folderName) {
        Integer c = classKeys().label(folderName, folderName, "rename the support folder");
        if (c == null) {
            double[] none = new double[attributes.size()];
            Arrays.fill(none, Double.NaN);
            return none;
        }
        return profiles[c].clone();
    }

    /** The outputs for every image, in chunks: one [images][numbers] array per output. */
    private float[][][] run(float[][] images, Engine engine) {
        int size = (int) (imageShape[0] * imageShape[1] * imageShape[2]);
        FramePredictor p = predictor(engine);
        float[][][] out = new float[outputs.size()][images.length][];
        for (int start = 0; start < images.length; start += CHUNK) {
            int n = Math.min(CHUNK, images.length - start);
            float[] chunk = new float[n * size];
            for (int i = 0; i < n; i++) {
                if (images[start + i].length != size) {
                    throw new IllegalArgumentException("image " + (start + i) + " has " + images[start + i].length
                            + " values; the model takes " + size);
                }
                System.arraycopy(images[start + i], 0, chunk, i * size, size);
            }
            float[][][] y = p.outputs(chunk, n);
            for (int k = 0; k < out.length; k++) {
                System.arraycopy(y[k], 0, out[k], start, n);
            }
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double softmax(double[] logits, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        return Math.exp(logits[k] - max) / sum;
    }

    private FramePredictor predictor(Engine engine) {
        return engines.computeIfAbsent(engine, e -> e == Engine.ONNX
                ? new OnnxPredictor(folder.resolve(ModelBundle.ONNX_FILE), ImageNetwork.INPUT, outputs, imageShape)
                : new SameDiffPredictor(folder.resolve(ModelBundle.SAMEDIFF_FILE), ImageNetwork.INPUT, outputs, imageShape));
    }

    /** How the outputs name an image. */
    public ImageModel.Rule rule() {
        return rule;
    }

    /** Whether the model names images among the classes of support images given with them (few-shot). */
    public boolean needsSupport() {
        return rule == ImageModel.Rule.PROTOTYPES;
    }

    public Path folder() {
        return folder;
    }

    public JsonNode manifest() {
        return manifest;
    }

    /** few-shot, zero-shot or semi-supervised. */
    public String task() {
        return task;
    }

    /** The knowledge's classes in label order, named as image folders name them. */
    public List<String> classes() {
        return List.copyOf(classes);
    }

    /** The other names each class goes by in the knowledge (labels, equivalent classes), by which folders may name it. */
    public Map<String, List<String>> otherNames() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        manifest.path("class_names").fields().forEachRemaining(e -> {
            List<String> names = new ArrayList<>();
            e.getValue().forEach(n -> names.add(n.asText()));
            out.put(e.getKey(), names);
        });
        return out;
    }

    /**
     * The folders the run's spec named the class of ({@code data.classes}: folder → class); none in
     * a bundle from before it was kept.
     */
    public Map<String, String> classMap() {
        Map<String, String> out = new LinkedHashMap<>();
        manifest.path("class_map").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * How a folder names a class, as the run read its folders: a folder of the class map stands for
     * the class it names; any other by the class's name or another name it goes by.
     */
    public ClassKeys classKeys() {
        return ClassKeys.of(classes, otherNames()).withFolders(classMap(), folder.resolve(BundleFolder.MANIFEST).toString());
    }

    /** The labels an image is named among (none for a few-shot model: its support's classes). */
    public int[] candidates() {
        return candidates.clone();
    }

    /** Input images as [channels, height, width]. */
    public long[] imageShape() {
        return imageShape.clone();
    }

    public long sizeBytes() {
        return BundleFolder.sizeBytes(folder);
    }

    @Override
    public void close() {
        engines.values().forEach(FramePredictor::close);
        engines.clear();
    }
}
