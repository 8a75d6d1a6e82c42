package dev.kenning.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The GUI tests' experiment: the starter workspace's free-fall knowledge, trained for a few steps on tiny videos. */
final class TinyFreeFallSpec {
    static final String FILE = "free-fall-small.yaml";

    private TinyFreeFallSpec() {
    }

    /** Writes {@code experiments/free-fall-small.yaml} into the workspace {@code ws}; returns its path. */
    static Path write(Path ws, int steps, int logEvery) throws IOException {
        Path spec = ws.resolve("experiments").resolve(FILE);
        Files.writeString(spec, """
                name: tiny
                seed: 3
                knowledge:
                  ontologies: [physics.ttl, free-fall-scene.ttl]
                  rules: [physics.drl]
                data:
                  generator: free-fall
                  train_videos: 16
                  test_videos: 4
                  frames: 8
                  fps: 15
                  image_size: 16
                model:
                  conv_channels: [8, 8]
                  dense: 16
                training:
                  steps: %d
                  batch_videos: 4
                  log_every: %d
                  supervised_baseline: false
                evaluation:
                  plot_videos: 2
                """.formatted(steps, logEvery));
        return spec;
    }
}
