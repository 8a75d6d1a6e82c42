package dev.kenning.workbench;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A dataset that is not Fashion-MNIST, for tests of image folders of any number of classes: four
 * classes of 12×12 grey shapes (a horizontal bar, a vertical bar, a cross of both, a dot) on
 * noise, written as an image folder, with an ontology that describes them by those three
 * attributes and an image-task spec over both.
 */
public final class ShapeFolder {
    /** The rest of a zero-shot spec after its data path: two unseen shapes, three steps, one seed. */
    static final String TINY_ZERO_SHOT = """
              held_out: [cross, dot]
            training:
              steps: 3
              batch: 8
              log_every: 3
            evaluation:
              seeds: 1
            """;

    /** The classes in label order, as folder names. */
    public static final List<String> CLASSES = List.of("hbar", "vbar", "cross", "dot");

    private ShapeFolder() {
    }

    /** The four shapes as a split image folder at {@code root}: 20 training and 8 test images of each. */
    public static Path writeSplit(Path root) throws IOException {
        writeImages(root, "train", 20, 1);
        writeImages(root, "test", 8, 2);
        return root;
    }

    /**
     * Writes {@code perClass} PNGs per class under {@code root/<part>/<class>/} (or directly under
     * the class folders when {@code part} is empty), drawn with {@code seed}.
     */
    public static void writeImages(Path root, String part, int perClass, long seed) throws IOException {
        Random rnd = new Random(seed);
        for (int c = 0; c < CLASSES.size(); c++) {
            Path dir = (part.isEmpty() ? root : root.resolve(part)).resolve(CLASSES.get(c));
            Files.createDirectories(dir);
            for (int i = 0; i < perClass; i++) {
                ImageIO.write(shape(c, rnd), "png", dir.resolve(String.format(Locale.ROOT, "%s-%03d.png", part, i)).toFile());
            }
        }
    }

    /** Writes {@code count} PNGs of any of the classes, with no class, under {@code dir}. */
    public static void writeUnlabelled(Path dir, int count, long seed) throws IOException {
        Random rnd = new Random(seed);
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            ImageIO.write(shape(i % CLASSES.size(), rnd), "png", dir.resolve(String.format(Locale.ROOT, "u-%03d.png", i)).toFile());
        }
    }

    private static BufferedImage shape(int c, Random rnd) {
        BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
        int row = 2 + rnd.nextInt(8);
        int col = 2 + rnd.nextInt(8);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                boolean h = (c == 0 || c == 2) && y == row && x > 0 && x < 11;
                boolean v = (c == 1 || c == 2) && x == col && y > 0 && y < 11;
                boolean dot = c == 3 && Math.abs(x - col) <= 1 && Math.abs(y - row) <= 1;
                img.getRaster().setSample(x, y, 0, h || v || dot ? 200 + rnd.nextInt(55) : rnd.nextInt(50));
            }
        }
        return img;
    }

    /** The shapes' ontology: four pairwise disjoint labelled classes described by three attributes. */
    public static Path writeOntology(Path file) throws IOException {
        Files.writeString(file, """
                @prefix k:    <https://kenning.dev/ns#> .
                @prefix s:    <https://kenning.dev/test/shapes#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix owl:  <http://www.w3.org/2002/07/owl#> .

                s:Shape a owl:Class .
                s:HBar a owl:Class ; rdfs:subClassOf s:Shape ; rdfs:label "horizontal bar" ;
                    k:outputName "class:hbar" ; k:labelIndex 0 ; k:hasAttribute s:h .
                s:VBar a owl:Class ; rdfs:subClassOf s:Shape ; rdfs:label "vertical bar" ;
                    k:outputName "class:vbar" ; k:labelIndex 1 ; k:hasAttribute s:v .
                s:Cross a owl:Class ; rdfs:subClassOf s:Shape ; rdfs:label "cross" ;
                    k:outputName "class:cross" ; k:labelIndex 2 ; k:hasAttribute s:h , s:v .
                s:Dot a owl:Class ; rdfs:subClassOf s:Shape ; rdfs:label "dot" ;
                    k:outputName "class:dot" ; k:labelIndex 3 ; k:hasAttribute s:dot .
                s:HBar owl:disjointWith s:VBar , s:Cross , s:Dot .
                s:VBar owl:disjointWith s:Cross , s:Dot .
                s:Cross owl:disjointWith s:Dot .
                s:h a k:Attribute ; k:outputName "attr:h-bar" .
                s:v a k:Attribute ; k:outputName "attr:v-bar" .
                s:dot a k:Attribute ; k:outputName "attr:dot" .
                """);
        return file;
    }

    /**
     * An image-task spec at {@code file} over the shapes' ontology and the folder {@code data}:
     * {@code dataAndMore} continues the data section (indented two spaces) and may add sections.
     */
    public static Path writeSpec(Path file, String task, Path data, String dataAndMore) throws IOException {
        Path root = ExperimentFixture.ROOT;
        Path ontology = writeOntology(file.resolveSibling(file.getFileName() + ".ttl"));
        Files.writeString(file, """
                name: shapes
                seed: 1
                task: %s
                knowledge:
                  ontologies: [%s, %s]
                  rules: [%s, %s, %s]
                data:
                  dataset: folder
                  path: %s
                  image_size: 12
                %s
                model:
                  conv_channels: [8]
                """.formatted(task, root.resolve("kg/ontology/kenning.ttl"), ontology,
                root.resolve("rules/packs/disjointness.drl"), root.resolve("rules/packs/attributes.drl"),
                root.resolve("rules/packs/labels.drl"), data, dataAndMore));
        return file;
    }
}
