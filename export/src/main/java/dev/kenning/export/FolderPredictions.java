package dev.kenning.export;

import dev.kenning.core.Csv;
import dev.kenning.core.InputError;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.ImageSequenceFolder;
import dev.kenning.datasets.Video;
import dev.kenning.learner.TrackingScores;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A bundle's predictions for every frame of an image-sequence folder (the format {@code kenning
 * videos} writes and real footage uses), and, when the folder has {@code labels.csv}, how well they
 * track the labels — scored as the run scored its test videos, so the two can be compared — and
 * how well a clock (each frame's index) does, scored alike; {@code cachedSequences} of the
 * sequences were read from the decode cache.
 */
public record FolderPredictions(List<Video> sequences, List<List<String>> frameNames, double[][] predicted,
                                TrackingScores scores, TrackingScores clock, int cachedSequences) {

    /**
     * @param cache       where the folder's frames, resized to the model's size, are kept between reads ({@link DecodedImageCache#NONE}: nowhere)
     * @param labelColumn the labels.csv column to score against, or null for the one the run scored
     */
    public static FolderPredictions of(ModelBundle bundle, Path folder, Engine engine, DecodedImageCache cache, String labelColumn) {
        long[] shape = bundle.frameShape();
        if (shape[1] != shape[2]) {
            throw new InputError(bundle.folder().toString(), "the model takes " + shape[2] + "x" + shape[1]
                    + " frames; image-sequence folders are read as square frames");
        }
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(folder, (int) shape[1], 1,
                labelColumn == null ? bundle.labelColumn() : labelColumn, cache);
        List<Video> sequences = loaded.sequences();
        double[][] predicted = bundle.predict(sequences, engine);
        double[][] truth = sequences.stream().map(Video::truth).toArray(double[][]::new);
        boolean labelled = loaded.labelledFrames() > 0;
        // the clock scored alike: what the labels' straightness in time gives any track
        return new FolderPredictions(sequences, loaded.frameNames(), predicted, labelled ? bundle.score(predicted, truth) : null,
                labelled ? bundle.score(TrackingScores.clock(truth), truth) : null, loaded.cachedSequences());
    }

    public int frames() {
        return sequences.stream().mapToInt(Video::frames).sum();
    }

    /** One row per frame: {@code sequence,frame,prediction}, frame being the image's file name as in labels.csv. */
    public void writeCsv(Path file) {
        Csv.write(file, w -> {
            w.write("sequence,frame,prediction\n");
            for (int s = 0; s < sequences.size(); s++) {
                for (int f = 0; f < predicted[s].length; f++) {
                    w.write(String.format(Locale.ROOT, "%s,%s,%.7g%n", Csv.cell(sequences.get(s).id()), Csv.cell(frameNames.get(s).get(f)),
                            predicted[s][f]));
                }
            }
        });
    }
}
