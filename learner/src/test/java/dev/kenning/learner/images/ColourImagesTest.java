package dev.kenning.learner.images;

import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.engine.NativeBackend;
import dev.kenning.learner.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image network reads every channel it is given: two classes of 8×8 images, a red or a green
 * square of the same luma on noise, told apart from RGB input and not from their grey (luma) values.
 */
class ColourImagesTest {
    // (255, 0, 0) and (0, 130, 0) have luma 76.2 and 76.3 out of 255
    private static final float[][] COLOUR = {{1, 0, 0}, {0, 130 / 255f, 0}};

    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    static LabelledImages squares(int perClass, int channels, long seed) {
        Random rnd = new Random(seed);
        int n = 2 * perClass;
        float[][] pixels = new float[n][channels * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            labels[i] = c;
            int x0 = rnd.nextInt(4);
            int y0 = rnd.nextInt(4);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    boolean in = x >= x0 && x < x0 + 4 && y >= y0 && y < y0 + 4;
                    float noise = 0.1f * rnd.nextFloat();
                    float[] rgb = in ? COLOUR[c] : new float[]{noise, noise, noise};
                    if (channels == 3) {
                        for (int k = 0; k < 3; k++) {
                            pixels[i][k * 64 + y * 8 + x] = rgb[k];
                        }
                    } else {
                        pixels[i][y * 8 + x] = (float) (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
                    }
                }
            }
        }
        return new LabelledImages(pixels, labels, channels, 8, 8);
    }

    private static double accuracy(int channels) {
        LabelledImages train = squares(40, channels, 1);
        LabelledImages test = squares(50, channels, 2);
        ImageNetwork net = ImageNetwork.create(List.of(4), channels, 8, 8, List.of(), 2, 5);
        int[] all = new int[train.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        SemiSupervised.train("colour", net, train, all, new int[0], 16, 0, 0,
                new Trainer(new Trainer.Settings(60, 1e-2, 20, 60)), 5, ProgressListener.NONE);
        return SemiSupervised.evaluate(net, test).accuracy();
    }

    @Test
    void aThreeChannelNetworkTellsColoursOfEqualLumaApart() {
        double rgb = accuracy(3);
        double grey = accuracy(1);
        assertTrue(rgb > 0.95, "RGB accuracy " + rgb);
        assertTrue(grey < 0.75, "grey accuracy " + grey + ": the luma of the two squares is the same");
    }

    @Test
    void imagesOfOtherChannelsAreRefusedByName() {
        ImageNetwork net = ImageNetwork.create(List.of(4), 3, 8, 8, List.of(), 2, 5);
        assertEquals(3, net.channels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.batch(squares(1, 1, 0), new int[]{0}));
        assertEquals("images are 1x8x8, the model takes 3x8x8", e.getMessage());
    }
}
