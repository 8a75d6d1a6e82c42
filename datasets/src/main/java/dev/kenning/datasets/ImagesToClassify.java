package dev.kenning.datasets;

import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.ClassKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The images a trained classifier is asked to name: one image file (its folder may name its
 * class), or every image under a folder (subfolders too, hidden ones and macOS/NAS metadata skipped), each read as the model's
 * run read its training images ({@link ImageFolder}'s size, grey or colour and resizing), a
 * block at a time ({@link #pixels(int, int)}), so a folder of any size is named in bounded memory. An image
 * in a folder named after one of the classes (a torchvision-style image folder, or its
 * {@code test/}) carries that class as its truth, matched as class folders are when a run reads
 * them ({@link ClassKeys}: case, spaces and punctuation aside, or another name the knowledge gives
 * the class); others carry none.
 *
 * @param files     the images, in path order, each read at {@code size × size} with {@code channels}
 * @param truth     the index into the classes of the nearest enclosing folder named after one, or -1
 * @param unmatched the folders (relative to the root) that hold images directly but name no class,
 *                  with none above them that does, and how many images each holds
 */
public record ImagesToClassify(Path root, List<Path> files, int size, int channels, int[] truth, Map<String, Integer> unmatched) {

    /** Reads {@code input}: a folder or one image, each at {@code size × size} with {@code channels}. */
    public static ImagesToClassify read(Path input, int size, int channels, ClassKeys classes) {
        List<Path> files;
        if (Files.isRegularFile(input)) {
            if (!ImageSequenceFolder.isImage(input)) {
                throw new InputError(input.toString(), "not an image (" + ImageSequenceFolder.KINDS + ")");
            }
            files = List.of(input.toAbsolutePath().normalize());
        } else if (Files.isDirectory(input)) {
            files = ImageSequenceFolder.imagesUnder(input).stream().filter(ImageSequenceFolder::isImage).sorted().toList();
            if (files.isEmpty()) {
                throw new InputError(input.toString(), "no images (" + ImageSequenceFolder.KINDS + ") in this folder or its"
                        + " subfolders");
            }
        } else {
            throw new InputError(input.toString(), "not found: give a folder of images or one image");
        }
        // every file no reader takes, named at once, before any is decoded
        Map<Path, String> unreadable = ImageFolder.unreadableHeaders(files);
        if (!unreadable.isEmpty()) {
            throw ImageFolder.unreadable(Files.isDirectory(input) ? input.toAbsolutePath().normalize() : null, unreadable);
        }
        // one image: its own folder may name its class too, so the root is the folder above that
        Path folder = input.toAbsolutePath().normalize().getParent();
        Path root = Files.isDirectory(input) ? input : folder == null || folder.getParent() == null ? folder : folder.getParent();
        int[] truth = new int[files.size()];
        Map<String, Integer> unmatched = new java.util.TreeMap<>();
        for (int i = 0; i < truth.length; i++) {
            truth[i] = -1;
            // the nearest folder between the image and the root that names a class
            Path parent = files.get(i).getParent();
            for (Path dir = parent; dir != null && root != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
                Integer c = classes.label(dir.getFileName().toString(), dir.toString(), "rename the folder to one class's name");
                if (c != null) {
                    truth[i] = c;
                    break;
                }
            }
            if (truth[i] < 0 && parent != null && root != null && !parent.equals(root)) {
                unmatched.merge(root.relativize(parent) + "/", 1, Integer::sum);
            }
        }
        return new ImagesToClassify(root, files, size, channels, truth, java.util.Collections.unmodifiableMap(unmatched));
    }

    /** The values of images {@code from} (inclusive) to {@code to}, channel by channel, decoded on all cores. */
    public float[][] pixels(int from, int to) {
        return ImageFolder.decode(files.subList(from, to), size, channels, root);
    }

    /** How many images carry a class as truth. */
    public int labelled() {
        int n = 0;
        for (int t : truth) {
            n += t >= 0 ? 1 : 0;
        }
        return n;
    }

    /** The image's path as the CSV names it: relative to the folder given, or its file name. */
    public String name(int i) {
        return root == null ? files.get(i).toString() : root.relativize(files.get(i)).toString();
    }
}
