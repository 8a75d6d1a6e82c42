package dev.kenning.bench;

import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.FashionMnist;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.learner.Trainer;
import dev.kenning.learner.images.FewShot;
import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.workbench.spec.ImageTaskSpec;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the few-shot rows train: the plain prototypical network of the few-shot experiment spec
 * (its encoder's channels, learning rate, shots and queries; {@link FewShot} without knowledge)
 * on episodes of Fashion-MNIST's first {@value #IMAGES} training images, all ten classes.
 */
record FewShotSetup(ImageTaskSpec spec, LabelledImages images) {
    static final int IMAGES = 3000;

    /** Whether the spec's Fashion-MNIST folder is there (Debian's dataset-fashion-mnist). */
    static boolean available(ImageTaskSpec spec) {
        return Files.isDirectory(folder(spec));
    }

    private static Path folder(ImageTaskSpec spec) {
        return spec.data().path() == null ? FashionMnist.DEBIAN_FOLDER : spec.data().path();
    }

    static FewShotSetup load(Path specFile) {
        ImageTaskSpec spec = ImageTaskSpec.load(specFile);
        LabelledImages all = FashionMnist.train(folder(spec));
        int n = Math.min(IMAGES, all.size());
        return new FewShotSetup(spec, new LabelledImages(Arrays.copyOf(all.pixels(), n), Arrays.copyOf(all.labels(), n),
                all.channels(), all.rows(), all.cols()));
    }

    int shots() {
        return spec.training().shots();
    }

    int queries() {
        return spec.training().queries();
    }

    List<Integer> classes() {
        List<Integer> c = new ArrayList<>();
        Arrays.stream(images.labels()).distinct().sorted().forEach(c::add);
        return c;
    }

    /** Trains {@code steps} episodes of {@code ways} classes with Kenning's image trainer, logging every {@code logEvery}. */
    Trainer.Trained train(int ways, int steps, int logEvery, ProgressListener listener) {
        ImageNetwork network = ImageNetwork.create(spec.convChannels(), images.channels(), images.rows(), images.cols(),
                List.of(), 0, spec.seed());
        return FewShot.train("bench", network, images, classes(), new FewShot.Episodes(ways, shots(), queries()), null, 0,
                new Trainer(new Trainer.Settings(steps, spec.training().learningRate(), logEvery, steps)), spec.seed(), listener);
    }

    /** The arguments of {@code torch_reference.py --task few-shot} after writing the images it reads into {@code dir}. */
    List<String> torchArguments(Bench.Row row, Path dir) throws IOException {
        Path pixels = dir.resolve("images.f32");
        Path labels = dir.resolve("labels.i32");
        try (DataOutputStream p = new DataOutputStream(Files.newOutputStream(pixels));
             DataOutputStream l = new DataOutputStream(Files.newOutputStream(labels))) {
            for (int i = 0; i < images.size(); i++) {
                ByteBuffer b = ByteBuffer.allocate(images.pixels()[i].length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(images.pixels()[i]);
                p.write(b.array());
                l.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(images.labels()[i]).array());
            }
        }
        return List.of("--task", "few-shot", "--images", pixels.toString(), "--labels", labels.toString(),
                "--count", String.valueOf(images.size()), "--size", String.valueOf(images.rows()),
                "--ways", String.valueOf(row.batch()), "--shots", String.valueOf(shots()),
                "--queries", String.valueOf(queries()), "--lr", String.valueOf(spec.training().learningRate()),
                "--conv", String.join(",", spec.convChannels().stream().map(String::valueOf).toList()));
    }
}
