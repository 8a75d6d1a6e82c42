package dev.kenning.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.InputError;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.learner.images.ImageNetwork;
import org.nd4j.autodiff.samediff.SameDiff;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image-task run's model packed to run outside Kenning, in the same folder layout as a
 * tracking model's ({@link ModelBundle}, {@link BundleFolder}): {@code model.sdz}, {@code model.onnx}
 * (images in, the attribute probabilities or the class logits out), {@code knowledge/} and a
 * manifest that says how the run read its images and how an output names an image: for a
 * zero-shot model, each candidate class's attribute profile from the knowledge and the score
 * ({@link ClassKnowledge#profileLogLikelihood(float[], double[], boolean[])}), so the classes
 * the knowledge describes can be told apart by a program that has only the manifest and ONNX
 * Runtime; for a class head, the largest logit.
 */
public final class ImageBundle implements AutoCloseable {
    private static final int CHUNK = 256;

    private final Path folder;
    private final JsonNode manifest;
    private final String task;
    private final long[] imageShape;
    private final String output;
    private final List<String> classes = new ArrayList<>();
    private final List<String> attributes = new ArrayList<>();
    private final int[] candidates;
    private final double[][] profiles;
    private final boolean[] usable;
    private final Map<Engine, FramePredictor> engines = new LinkedHashMap<>();

    private ImageBundle(Path folder, JsonNode m) {
        this.folder = folder;
        this.manifest = m;
        String where = folder.resolve(ModelBundle.MANIFEST).toString();
        this.task = m.path("task").asText();
        this.output = m.path("output").path("name").asText();
        JsonNode shape = m.path("input").path("shape");
        if (shape.size() != 4 || !ImageNetwork.INPUT.equals(m.path("input").path("name").asText())) {
            throw new InputError(where, "lacks input.name '" + ImageNetwork.INPUT + "' with input.shape [N,C,H,W]");
        }
        this.imageShape = new long[]{shape.get(1).asLong(), shape.get(2).asLong(), shape.get(3).asLong()};
        m.path("classes").forEach(c -> classes.add(c.asText()));
        m.path("output").path("names").forEach(a -> {
            if (output.equals(ImageNetwork.ATTRIBUTES)) {
                attributes.add(a.asText());
            }
        });
        JsonNode among = m.path("decision").path("among");
        candidates = new int[among.size()];
        for (int k = 0; k < candidates.length; k++) {
            candidates[k] = classes.indexOf(among.get(k).asText());
            if (candidates[k] < 0) {
                throw new InputError(where, "decision.among names '" + among.get(k).asText() + "', which is not among classes");
            }
        }
        if (candidates.length == 0) {
            throw new InputError(where, "decision.among names no class");
        }
        profiles = new double[classes.size()][attributes.size()];
        usable = new boolean[attributes.size()];
        if (byProfile()) {
            JsonNode listed = m.path("decision").path("profiles");
            for (int c = 0; c < classes.size(); c++) {
                for (int a = 0; a < attributes.size(); a++) {
                    JsonNode d = listed.path(classes.get(c)).path(attributes.get(a));
                    profiles[c][a] = d.isNumber() ? d.asDouble() : Double.NaN;
                }
            }
            List<String> reads = new ArrayList<>();
            m.path("decision").path("usable").forEach(u -> reads.add(u.asText()));
            for (int a = 0; a < attributes.size(); a++) {
                usable[a] = reads.contains(attributes.get(a));
            }
        } else if (!output.equals(ImageNetwork.CLASS_LOGITS)) {
            throw new InputError(where, "output.name must be " + ImageNetwork.ATTRIBUTES + " or " + ImageNetwork.CLASS_LOGITS
                    + ", got '" + output + "'");
        }
    }

    /** Writes the bundle of {@code run}'s model into {@code out}, as {@link ModelBundle#export} does for tracking. */
    public static ImageBundle export(ImageModel run, Path out, boolean int8Weights) {
        BundleFolder.write(out, () -> write(run, out, int8Weights));
        return load(out);
    }

    private static void write(ImageModel run, Path out, boolean int8Weights) {
        List<Map<String, Object>> knowledge = BundleFolder.copyKnowledge(run.knowledge(), out);
        Map<String, String> files = new LinkedHashMap<>();
        SameDiff sd = BundleFolder.writeNetwork(run.model(), out, ModelBundle.SAMEDIFF_FILE, ModelBundle.ONNX_FILE,
                ImageNetwork.INPUT, run.output(), int8Weights, files);
        long[] in = sd.getVariable(ImageNetwork.INPUT).placeholderShape();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "kenning-model-bundle");
        doc.put("format_version", ModelBundle.FORMAT_VERSION);
        doc.put("task", run.task());
        doc.put("created", Instant.now().toString());
        doc.put("source_run", run.folder().toAbsolutePath().toString());
        doc.put("phase", run.phase());
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
        List<String> outputNames = run.byProfile() ? run.attributes() : run.classes();
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("name", run.output());
        output.put("shape", List.of("N", outputNames.size()));
        output.put("meaning", run.byProfile() ? "the probability that the image shows each attribute (a sigmoid per attribute),"
                + " taught by the knowledge's logic, not by attribute labels" : "a logit per class; softmax gives the probabilities");
        output.put("names", outputNames);
        doc.put("output", output);
        doc.put("classes", run.classes());
        doc.put("class_names", run.otherNames());
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

    /** How an output names an image, for the manifest: among which classes, and by what rule. */
    private static Map<String, Object> decision(ImageModel run) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("among", run.candidates().stream().map(run.classes()::get).toList());
        if (!run.byProfile()) {
            d.put("rule", "the class among these with the largest logit");
            return d;
        }
        d.put("rule", "the class among these whose profile scores highest: the mean, over the usable attributes its profile"
                + " states, of d·log p + (1 − d)·log(1 − p), p the attribute's probability clipped to [" + ClassKnowledge.CLIP
                + ", " + (1 - ClassKnowledge.CLIP) + "], d the profile's degree (1 shows it, 0 lacks it)");
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

    /** What the model said of each image: the class it names (a label into {@link #classes}), its score, the raw output. */
    public record Classified(int[] labels, double[] scores, float[][] outputs) {
    }

    /**
     * Names each image among the bundle's candidate classes. Images must be of {@link #imageShape}
     * (read as {@link dev.kenning.datasets.ImagesToClassify} reads them). The score is the profile's
     * mean log-likelihood, or the class's softmax probability among all classes.
     */
    public Classified classify(float[][] images, Engine engine) {
        int size = (int) (imageShape[0] * imageShape[1] * imageShape[2]);
        FramePredictor p = predictor(engine);
        float[][] outputs = new float[images.length][];
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
            float[][] y = p.outputs(chunk, n);
            System.arraycopy(y, 0, outputs, start, n);
        }
        int[] labels = new int[images.length];
        double[] scores = new double[images.length];
        for (int i = 0; i < images.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c : candidates) {
                double s = byProfile() ? ClassKnowledge.profileLogLikelihood(outputs[i], profiles[c], usable) : outputs[i][c];
                if (s > best) {
                    best = s;
                    labels[i] = c;
                }
            }
            scores[i] = byProfile() ? best : softmax(outputs[i], labels[i]);
        }
        return new Classified(labels, scores, outputs);
    }

    private static double softmax(float[] logits, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return Math.exp(logits[k] - max) / sum;
    }

    private FramePredictor predictor(Engine engine) {
        return engines.computeIfAbsent(engine, e -> e == Engine.ONNX
                ? new OnnxPredictor(folder.resolve(ModelBundle.ONNX_FILE), ImageNetwork.INPUT, imageShape)
                : new SameDiffPredictor(folder.resolve(ModelBundle.SAMEDIFF_FILE), ImageNetwork.INPUT, output, imageShape));
    }

    public boolean byProfile() {
        return output.equals(ImageNetwork.ATTRIBUTES);
    }

    public Path folder() {
        return folder;
    }

    public JsonNode manifest() {
        return manifest;
    }

    /** zero-shot or semi-supervised. */
    public String task() {
        return task;
    }

    /** The classes in label order, named as image folders name them. */
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

    /** The names of the output's numbers: the attributes, or the classes. */
    public List<String> outputNames() {
        return byProfile() ? List.copyOf(attributes) : classes();
    }

    /** The labels an image is named among. */
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
