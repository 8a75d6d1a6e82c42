package dev.kenning.workbench;

import java.nio.file.Path;
import java.util.List;

/** What {@link Workbench#predict} did with a bundle: tracked image sequences, or named images. */
public sealed interface Predictions permits BundlePredictions, ClassifiedImages {
    /** The engine that ran the model, as said to the user. */
    String engine();

    /** The time to read the input and predict. */
    double seconds();

    /** Where the predictions were written. */
    Path csv();

    /** What was predicted and how well, in lines for a person: what {@code kenning predict} prints and the GUI shows. */
    List<String> summary();
}
