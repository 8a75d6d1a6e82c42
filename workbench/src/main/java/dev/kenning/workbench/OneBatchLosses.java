package dev.kenning.workbench;

import dev.kenning.constraints.DerivedConstraints;
import dev.kenning.datasets.Video;
import dev.kenning.learner.LossTerm;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.SequenceTraining;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.SpecFile;

import java.util.List;
import java.util.Map;

/**
 * What each loss term of a sequence experiment comes to on one batch of its own generated videos,
 * for the untrained model its seed makes: the effect of a knowledge or rule edit on the loss, seen
 * before any training. The same batch and model for the same spec, so two derivations compare.
 */
public final class OneBatchLosses {
    /** Videos in the batch: enough for a stable number, few enough to answer in a moment. */
    static final int VIDEOS = 4;

    private OneBatchLosses() {
    }

    /**
     * Each term's unweighted value (by the term's name), or an empty map for an experiment this does not
     * apply to (an image task, a footage folder, constraints a run would refuse).
     */
    public static Map<String, Double> of(SpecFile spec, DerivedKnowledge knowledge) {
        if (!(spec instanceof ExperimentSpec s) || s.data().isFolder() || knowledge.constraints().isEmpty()) {
            return Map.of();
        }
        SequenceRegressionTask task = new SequenceRegressionTask(s);
        DerivedConstraints constraints = knowledge.derived();
        String output;
        List<LossTerm> terms;
        try {
            output = task.boundOutput(constraints);
            terms = task.lossTerms(constraints, output);
        } catch (RuntimeException e) {
            return Map.of();
        }
        List<Video> batch = ExperimentData.generator(s).generate(s.seed(), 0, Math.min(VIDEOS, s.data().trainVideos()));
        double init = Double.isNaN(s.model().outputInit()) ? constraints.outputStart() : s.model().outputInit();
        int size = s.data().imageSize();
        SequenceRegressor model = SequenceRegressor.create(s.model().network(output, init),
                3, size, size, s.seed());
        return SequenceTraining.measure(model, batch, terms);
    }
}
