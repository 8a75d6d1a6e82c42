package dev.kenning.datasets;

import java.util.ArrayList;
import java.util.List;

/** A seeded source of synthetic videos with ground truth. Video {@code i} of seed {@code s} never changes. */
public interface VideoGenerator {

    Video generate(long seed, int index);

    /** {@code count} videos, numbered from {@code first}, for {@code seed}. */
    default List<Video> generate(long seed, int first, int count) {
        List<Video> videos = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            videos.add(generate(seed, i));
        }
        return videos;
    }
}
