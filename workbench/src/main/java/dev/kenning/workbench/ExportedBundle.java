package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.run.RunFolder;
import dev.kenning.datasets.Video;
import dev.kenning.export.Engine;
import dev.kenning.export.ModelBundle;
import dev.kenning.export.TrainedRun;
import dev.kenning.workbench.spec.ExperimentSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * A run's model just exported as a bundle ({@link Workbench#exportBundle}): what {@code kenning
 * export} prints and the GUI's Results view shows, and, for int8 weights, the check of what
 * quantisation costs. Open until closed (the bundle's models stay loaded for {@link #int8Check}).
 */
public final class ExportedBundle implements AutoCloseable {
    /** The phases whose model a run folder can hold, the first being the default. */
    public static final List<String> PHASES = TrainedRun.PHASES;

    private final Workbench workbench;
    private final TrainedRun run;
    private final ModelBundle bundle;

    ExportedBundle(Workbench workbench, TrainedRun run, ModelBundle bundle) {
        this.workbench = workbench;
        this.run = run;
        this.bundle = bundle;
    }

    /** The phase whose model was exported. */
    public String phase() {
        return run.phase();
    }

    /** The run folder the model came from. */
    public Path runFolder() {
        return run.folder();
    }

    /** The bundle folder written. */
    public Path folder() {
        return bundle.folder();
    }

    public long sameDiffBytes() {
        return bundle.folder().resolve(ModelBundle.SAMEDIFF_FILE).toFile().length();
    }

    public long onnxBytes() {
        return bundle.folder().resolve(ModelBundle.ONNX_FILE).toFile().length();
    }

    /** How many knowledge files (ontologies, rule packs) the bundle carries. */
    public int knowledgeFiles() {
        return run.knowledge().size();
    }

    /** The whole bundle folder's size. */
    public long sizeBytes() {
        return bundle.sizeBytes();
    }

    /** The bundle's manifest.json. */
    public JsonNode manifest() {
        return bundle.manifest();
    }

    /**
     * The run's test metric (test_corr) on its own test sequences with the float32 SameDiff model
     * and with the ONNX model's weights, same sequences: for a bundle exported with int8 weights,
     * what quantisation changed.
     */
    public record Int8Check(int sequences, double int8, double float32) {
        public double change() {
            return int8 - float32;
        }
    }

    public Int8Check int8Check() {
        List<Video> test = workbench.testSequences(ExperimentSpec.load(RunFolder.of(run.folder()).specFile()));
        double[][] truth = test.stream().map(Video::truth).toArray(double[][]::new);
        double float32 = bundle.score(bundle.predict(test, Engine.SAMEDIFF), truth).testCorr();
        double int8 = bundle.score(bundle.predict(test, Engine.ONNX), truth).testCorr();
        return new Int8Check(test.size(), int8, float32);
    }

    @Override
    public void close() {
        bundle.close();
    }
}
