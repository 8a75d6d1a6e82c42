package dev.kenning.export;

import dev.kenning.constraints.FreeFallConstraint;
import dev.kenning.constraints.RangeTerm;
import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.FreeFallVideoConfig;
import dev.kenning.datasets.FreeFallVideoGenerator;
import dev.kenning.datasets.Video;
import dev.kenning.engine.NativeBackend;
import dev.kenning.learner.Init;
import dev.kenning.learner.InputNorm;
import dev.kenning.learner.LossTerm;
import dev.kenning.learner.ModelSpec;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.SequenceTraining;
import dev.kenning.learner.Trainer;

import java.util.List;

/** A small free-fall regressor trained for a few steps, so its graph carries the loss ops too. */
final class TinyModel {
    static final FreeFallVideoConfig CONFIG = new FreeFallVideoConfig(12, 15, 16, 16, 3.0, 9.81);

    private TinyModel() {
    }

    static List<Video> videos(int count, long seed) {
        NativeBackend.select();
        return new FreeFallVideoGenerator(CONFIG).generate(seed, 0, count);
    }

    static SequenceRegressor trained(List<Video> train) {
        return trained(train, InputNorm.NONE);
    }

    static SequenceRegressor trained(List<Video> train, InputNorm norm) {
        return trained(train, spec(norm));
    }

    /** Two small conv blocks, a dense layer of 16, the output starting at 1.5 m. */
    static ModelSpec spec(InputNorm norm) {
        return new ModelSpec(List.of(4, 8), List.of(3, 3), 16, Init.HE, "height", 1.5, norm);
    }

    static SequenceRegressor trained(List<Video> train, ModelSpec spec) {
        NativeBackend.select();
        SequenceRegressor m = SequenceRegressor.create(spec, 3, 16, 16, 3);
        List<LossTerm> terms = List.of(LossTerm.of("free-fall", 1.0, new FreeFallConstraint("height", 9.81, 1 / CONFIG.fps()), true),
                LossTerm.of("range", 0.1, new RangeTerm("height", 0, 3), false));
        SequenceTraining.train(new Trainer(new Trainer.Settings(10, 3e-3, 10, 10)), "label_free", m, train, terms, 4, 3,
                ProgressListener.NONE);
        return m;
    }
}
