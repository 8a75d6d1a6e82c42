package dev.kenning.learner;

import dev.kenning.core.HistoryRow;
import dev.kenning.core.ProgressListener;
import dev.kenning.engine.TrainingLoop;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains any {@link Network} with Adam on the weighted sum of named loss terms of its graph, fed
 * step by step by a {@link Batches} source. Each term is its own SameDiff loss variable, so each
 * is reported at every logged step; the steps themselves, the divergence guard with its
 * checkpoints and cancelling are the engine's training loop. Every task trains through here.
 */
public final class Trainer {

    /**
     * How to train: {@code steps} Adam updates at {@code learningRate}; a log every {@code logEvery}
     * steps; an in-memory checkpoint every {@code checkpointEvery}, restored if training diverges;
     * an exponential moving average of the weights with {@code averageDecay} (0: none) kept, measured
     * and returned instead of the last step's weights ({@link TrainingLoop.Schedule}, which checks it);
     * the rate held or brought down to 0 over the steps by {@code schedule}.
     */
    public record Settings(int steps, double learningRate, int logEvery, int checkpointEvery, double averageDecay,
                           LearningRateSchedule schedule) {
        public Settings(int steps, double learningRate, int logEvery, int checkpointEvery) {
            this(steps, learningRate, logEvery, checkpointEvery, 0);
        }

        public Settings(int steps, double learningRate, int logEvery, int checkpointEvery, double averageDecay) {
            this(steps, learningRate, logEvery, checkpointEvery, averageDecay, LearningRateSchedule.CONSTANT);
        }

        public Settings {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
            }
            java.util.Objects.requireNonNull(schedule, "schedule");
            if (logEvery < 1 || checkpointEvery < 1) {
                throw new IllegalArgumentException("log_every and checkpoint_every must be >= 1");
            }
        }
    }

    /** One loss term: its name, its weight, and its unweighted scalar in the network's graph. */
    public record Term(String name, SDVariable loss, double weight) {
        public Term {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(loss, "loss");
        }
    }

    /**
     * The graph inputs each step fills: {@code features}, and {@code labels} (the true values, for
     * a term that reads them; empty for label-free training, so truth never reaches the graph).
     */
    public record Inputs(List<String> features, List<String> labels) {
        public Inputs {
            features = List.copyOf(features);
            labels = List.copyOf(labels);
        }

        public static Inputs features(List<String> names) {
            return new Inputs(names, List.of());
        }
    }

    /** One step's input arrays, by the name of the graph input each fills. */
    @FunctionalInterface
    public interface Batches {
        Map<String, INDArray> next(int step);

        /** How long the steps waited for data made ahead of them (0 when a batch is made in the step). */
        default double secondsWaiting() {
            return 0;
        }
    }

    /**
     * What a phase did: its log, its training time, whether it was cancelled, the steps it took of
     * the {@code totalSteps} asked, and how long it waited for data.
     */
    public record Trained(List<HistoryRow> history, double secondsTraining, boolean cancelled, int steps,
                          int totalSteps, double secondsWaitingForData, List<TrainingLoop.ValidationPoint> validation,
                          int bestStep) {
        public Trained(List<HistoryRow> history, double secondsTraining, boolean cancelled, int steps, int totalSteps,
                       double secondsWaitingForData) {
            this(history, secondsTraining, cancelled, steps, totalSteps, secondsWaitingForData, List.of(), -1);
        }

        /** True when early stopping kept the weights of an earlier step than the last. */
        public boolean restoredEarlier() {
            return bestStep > 0 && bestStep < steps;
        }
    }

    private final Settings settings;

    public Trainer(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Trains {@code network} for one phase.
     *
     * @param scope the graph's name scope for the weighted terms ({@code scope/term/weighted})
     */
    public Trained train(String phase, String scope, Network network, List<Term> terms, Inputs inputs, Batches batches,
                         ProgressListener progress) {
        return train(phase, scope, network, terms, inputs, batches, null, progress);
    }

    /** As above, with early stopping on {@code validation} (null for none). */
    public Trained train(String phase, String scope, Network network, List<Term> terms, Inputs inputs, Batches batches,
                         TrainingLoop.Validation validation, ProgressListener progress) {
        SameDiff sd = network.graph();
        List<TrainingLoop.Term> weighted = new ArrayList<>();
        for (Term t : terms) {
            weighted.add(new TrainingLoop.Term(t.name(), t.weight(),
                    t.loss().mul(scope + "/" + t.name() + "/weighted", t.weight()).name()));
        }
        sd.setLossVariables(weighted.stream().map(TrainingLoop.Term::weightedVariable).toArray(String[]::new));
        TrainingConfig.Builder config = new TrainingConfig.Builder()
                .updater(settings.schedule() == LearningRateSchedule.CONSTANT ? new Adam(settings.learningRate())
                        : new Adam(settings.schedule().schedule(settings.learningRate(), settings.steps())))
                .dataSetFeatureMapping(inputs.features().toArray(new String[0]));
        if (inputs.labels().isEmpty()) {
            config.markLabelsUnused();
        } else {
            config.dataSetLabelMapping(inputs.labels().toArray(new String[0]));
        }
        sd.setTrainingConfig(config.build());
        TrainingLoop.buildGradientsQuietly(sd);

        TrainingLoop.Result r = TrainingLoop.run(phase, sd, weighted,
                new TrainingLoop.Schedule(settings.steps(), settings.logEvery(), settings.checkpointEvery(), validation,
                        settings.averageDecay()), step -> {
                    Map<String, INDArray> feed = batches.next(step);
                    INDArray[] features = inputs.features().stream().map(feed::get).toArray(INDArray[]::new);
                    INDArray[] labels = inputs.labels().stream().map(feed::get).toArray(INDArray[]::new);
                    return new TrainingLoop.Step(feed, new MultiDataSet(features, labels));
                }, progress);
        return new Trained(r.history(), r.secondsTraining(), r.cancelled(), r.steps(), settings.steps(),
                batches.secondsWaiting(), r.validation(), r.bestStep());
    }
}
