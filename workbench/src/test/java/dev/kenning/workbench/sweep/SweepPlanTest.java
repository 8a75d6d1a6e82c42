package dev.kenning.workbench.sweep;

import dev.kenning.core.InputError;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.cli.Kenning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep's grid is expanded and checked, as the spec loader checks a spec, before anything runs. */
class SweepPlanTest {
    private static int kenning(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Kenning.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), WorkbenchConfig.notRecording());
    }

    @Test
    void aBadSetKeyOrValueIsOneMessageNamingItAndNothingRuns(@TempDir Path tmp) throws IOException {
        Path spec = TinySpec.write(tmp, "");
        Path out = tmp.resolve("sweep");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        // An unknown key: named as the spec loader names an unknown key, at the --set that put it there.
        assertEquals(2, kenning(o, e, "sweep", spec.toString(), "--set", "training.stepz=4,8", "--seeds", "0..1",
                "--out", out.toString()));
        String unknown = e.toString(StandardCharsets.UTF_8);
        assertTrue(unknown.startsWith("error: --set training.stepz=4: "), unknown);
        assertTrue(unknown.contains("unknown key 'training.stepz'"), unknown);
        assertEquals(1, unknown.strip().lines().count(), "one message: " + unknown);
        // A value the spec refuses, in the second of two values: the key, the range and the value.
        e.reset();
        assertEquals(2, kenning(o, e, "sweep", spec.toString(), "--set", "training.learning_rate=0.001,-3",
                "--out", out.toString()));
        String range = e.toString(StandardCharsets.UTF_8);
        assertTrue(range.contains("'training.learning_rate' must be between"), range);
        assertTrue(range.contains("-3") && range.contains("training.learning_rate=-3"), range);
        // A malformed flag names the flag.
        e.reset();
        assertEquals(2, kenning(o, e, "sweep", spec.toString(), "--set", "training.steps", "--out", out.toString()));
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("--set training.steps"), e.toString());
        e.reset();
        assertEquals(2, kenning(o, e, "sweep", spec.toString(), "--seeds", "4..1", "--out", out.toString()));
        assertTrue(e.toString(StandardCharsets.UTF_8).startsWith("error: --seeds: seeds must be FROM..TO"), e.toString());
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void theGridIsTheProductOfItsValuesTimesTheSeeds(@TempDir Path tmp) throws IOException {
        Path spec = TinySpec.write(tmp, "");
        SweepPlan plan = SweepPlan.of(SweepRequest.of(spec, Map.of("training.learning_rate", List.of("0.001", "0.01")),
                List.of(0L, 1L), "local[1]", null, tmp.resolve("out"), null));
        assertEquals(List.of("training.learning_rate=0.001", "training.learning_rate=0.01"),
                plan.configurations().stream().map(SweepPlan.Configuration::label).toList());
        assertEquals(List.of("tiny-0.001-s0", "tiny-0.001-s1", "tiny-0.01-s0", "tiny-0.01-s1"),
                plan.runs().stream().map(SweepPlan.PlannedRun::folder).toList());
        assertEquals(4, plan.runs().stream().map(SweepPlan.PlannedRun::specHash).distinct().count(),
                "every run has its own spec hash");
        // The spec, two ontologies and the pack, each by its hash, under the spec's folder.
        assertEquals(List.of("tiny.yaml", "physics.ttl", "scene.ttl", "physics.drl"),
                plan.inputs().stream().map(SweepPlan.InputFile::relative).toList());
        // Changing a knowledge file changes every run's hash: a resumed sweep runs them again.
        String before = plan.runs().get(0).specHash();
        Files.writeString(tmp.resolve("physics.drl"), Files.readString(tmp.resolve("physics.drl")) + "\n// edited\n");
        SweepPlan again = SweepPlan.of(plan.request());
        assertNotEquals(before, again.runs().get(0).specHash());
    }

    /** A list-valued key sweeps as lists: the commas inside brackets are the list's, not the grid's. */
    @Test
    void aListValuedKeyIsSweptByWholeLists(@TempDir Path tmp) throws IOException {
        Map.Entry<String, List<String>> set = dev.kenning.workbench.spec.SweepSection.setting("model.conv_channels=[4,8],[8, 16]");
        assertEquals(List.of("[4,8]", "[8, 16]"), set.getValue());
        Map<String, List<String>> grid = new java.util.LinkedHashMap<>();
        grid.put(set.getKey(), set.getValue());
        grid.put("training.steps", List.of("3")); // one value: every configuration's, so no label names it
        SweepPlan plan = SweepPlan.of(SweepRequest.of(TinySpec.write(tmp, ""), grid,
                List.of(0L), "local[1]", null, tmp.resolve("out"), null));
        assertEquals(2, plan.runs().stream().map(SweepPlan.PlannedRun::specHash).distinct().count());
        assertEquals(List.of("model.conv_channels=[4,8]", "model.conv_channels=[8, 16]"),
                plan.configurations().stream().map(SweepPlan.Configuration::label).toList());
        dev.kenning.core.InputError open = org.junit.jupiter.api.Assertions.assertThrows(dev.kenning.core.InputError.class,
                () -> dev.kenning.workbench.spec.SweepSection.setting("model.conv_channels=[4,8"));
        assertTrue(open.getMessage().contains("has a '[' without its ']'"), open.getMessage());
    }

    /**
     * Workers get every file the knowledge reads, not only those the spec names: what an ontology
     * imports from the disk and the Protégé catalog that finds it, a predicate matrix's names files
     * above it, and the held-out classes' file.
     */
    @Test
    void theFilesTheKnowledgeReadsAreShippedToo(@TempDir Path tmp) throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(tmp.resolve("shoes"));
        Files.createDirectories(tmp.resolve("common"));
        Files.writeString(tmp.resolve("shoes/main.ttl"), "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                + "<http://example.org/main> a owl:Ontology ; owl:imports <http://example.org/parts> .\n");
        Files.writeString(tmp.resolve("common/parts.ttl"), "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                + "<http://example.org/parts> a owl:Ontology .\n<http://example.org/parts#Sole> a owl:Class .\n");
        Files.writeString(tmp.resolve("shoes/catalog-v001.xml"), "<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">"
                + "<uri name=\"http://example.org/parts\" uri=\"../common/parts.ttl\"/></catalog>\n");
        Path awa = Files.createDirectories(tmp.resolve("awa/matrix"));
        Files.writeString(tmp.resolve("awa/classes.txt"), "1\tzebra\n2\thorse\n");
        Files.writeString(tmp.resolve("awa/predicates.txt"), "1\tstripes\n");
        Files.writeString(awa.resolve("predicate-matrix-binary.txt"), "1\n0\n");
        Files.writeString(tmp.resolve("awa/testclasses.txt"), "zebra\nhorse\n");
        Path spec = Files.writeString(tmp.resolve("zs.yaml"), """
                task: zero-shot
                knowledge:
                  ontologies: [shoes/main.ttl, awa/matrix/predicate-matrix-binary.txt]
                  rules: [%s, %s, %s]
                data:
                  dataset: folder
                  path: images
                  held_out: awa/testclasses.txt
                """.formatted(root.resolve("rules/packs/disjointness.drl"), root.resolve("rules/packs/attributes.drl"),
                root.resolve("rules/packs/labels.drl")));
        SweepPlan plan = SweepPlan.of(SweepRequest.of(spec, Map.of(), List.of(0L), "local[1]", null, tmp.resolve("out"), null));
        List<Path> shipped = plan.inputs().stream().map(SweepPlan.InputFile::local).toList();
        for (String file : List.of("zs.yaml", "shoes/main.ttl", "common/parts.ttl", "shoes/catalog-v001.xml",
                "awa/matrix/predicate-matrix-binary.txt", "awa/classes.txt", "awa/predicates.txt", "awa/testclasses.txt")) {
            assertTrue(shipped.contains(tmp.toAbsolutePath().normalize().resolve(file)), file + " not in " + shipped);
        }
    }

    /** The addition task sweeps like the others: its digits folder is the data shipped (a ClassCastException before). */
    @Test
    void anAdditionSpecIsPlannedWithItsDigitsFolder(@TempDir Path tmp) throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path digits = tmp.resolve("digits");
        Files.createDirectories(digits.resolve("3"));
        Files.write(digits.resolve("3/a.png"), new byte[]{1});
        Path spec = Files.copy(root.resolve("experiments/mnist-addition.yaml"), tmp.resolve("add.yaml"));
        Files.writeString(spec, Files.readString(spec).replace("../.kenning/data/digits", digits.toString())
                .replace("../", root + "/"));
        SweepPlan plan = SweepPlan.of(SweepRequest.of(spec, Map.of("training.learning_rate", List.of("0.001", "0.003")),
                List.of(0L, 1L), "local[1]", null, tmp.resolve("out"), null));
        assertEquals(4, plan.runs().size());
        assertTrue(plan.inputs().stream().map(SweepPlan.InputFile::local).toList().contains(digits.resolve("3/a.png")),
                plan.inputs().toString());
    }

    /**
     * Data on a shared file system is not shipped: the plan carries the spec and knowledge only,
     * the workers read the data at the driver's absolute path, and a run's identity follows the
     * data folder's listing (a file that grows is another run).
     */
    @Test
    void sharedDataIsReadInPlaceAndItsListingIsTheRunsIdentity(@TempDir Path tmp) throws IOException {
        Path folder = tmp.resolve("nfs/shapes");
        dev.kenning.workbench.ShapeFolder.writeImages(folder, "train", 2, 1);
        dev.kenning.workbench.ShapeFolder.writeImages(folder, "test", 1, 2);
        Path spec = dev.kenning.workbench.ShapeFolder.writeSpec(Files.createDirectories(tmp.resolve("spec")).resolve("zs.yaml"),
                "zero-shot", folder, "  held_out: [cross, dot]\nsweep:\n  shared_data: true\n");
        SweepRequest request = SweepRequest.of(spec, Map.of(), List.of(0L), "spark://127.0.0.1:7077", null, tmp.resolve("out"), null);
        assertTrue(request.sharedData());
        SweepPlan plan = SweepPlan.of(request);
        assertTrue(plan.inputs().stream().noneMatch(f -> f.local().startsWith(folder)), plan.inputs().toString());
        assertTrue(plan.inputs().stream().anyMatch(f -> f.local().equals(spec.toAbsolutePath().normalize())), plan.inputs().toString());
        assertEquals(folder.toAbsolutePath().normalize().toString(),
                plan.workerOverrides(plan.configurations().get(0)).get("data.path"));
        String before = plan.runs().get(0).specHash();
        Path image = folder.resolve("train/dot/train-000.png");
        Files.write(image, java.util.Arrays.copyOf(Files.readAllBytes(image), (int) Files.size(image) + 1));
        assertNotEquals(before, SweepPlan.of(request).runs().get(0).specHash(), "a file of another size is other data");

        // without it, every image travels with the plan
        Files.writeString(spec, Files.readString(spec).replace("  shared_data: true\n", "  seeds: 0\n"));
        SweepPlan shipped = SweepPlan.of(SweepRequest.of(spec, Map.of(), List.of(0L), "spark://127.0.0.1:7077", null,
                tmp.resolve("out"), null));
        assertEquals(12, shipped.inputs().stream().filter(f -> f.local().startsWith(folder)).count());
    }

    @Test
    void aSweepSectionInTheSpecDoesWhatTheFlagsDo(@TempDir Path tmp) throws IOException {
        Path spec = TinySpec.write(tmp, """
                sweep:
                  set:
                    training.learning_rate: [0.001, 0.003, 0.01]
                  seeds: 2..3
                  master: local[1]
                  cores_per_task: 1
                """);
        SweepRequest fromSpec = SweepRequest.of(spec, Map.of(), null, null, null, tmp.resolve("out"), null);
        assertEquals(Map.of("training.learning_rate", List.of("0.001", "0.003", "0.01")), fromSpec.grid());
        assertEquals(List.of(2L, 3L), fromSpec.seeds());
        assertEquals("local[1]", fromSpec.master());
        assertEquals(6, SweepPlan.of(fromSpec).runs().size());
        // A flag replaces the section's values for its key; the spec itself still runs alone.
        SweepRequest flags = SweepRequest.of(spec, Map.of("training.learning_rate", List.of("0.002")), List.of(7L), null,
                null, tmp.resolve("out"), null);
        assertEquals(1, SweepPlan.of(flags).runs().size());
        assertEquals(7L, SweepPlan.of(flags).runs().get(0).seed());
        // A typo in the section is named like any other spec key.
        Files.writeString(spec, Files.readString(spec).replace("cores_per_task", "cores_per_tsk"));
        InputError bad = assertThrows(InputError.class, () -> SweepRequest.of(spec, Map.of(), null, null, null,
                tmp.resolve("out"), null));
        assertTrue(bad.getMessage().contains("unknown key 'sweep.cores_per_tsk'"), bad.getMessage());
    }

    @Test
    void withoutTheSweepsModuleTheCommandSaysWhatIsMissing(@TempDir Path tmp) throws IOException {
        Path spec = TinySpec.write(tmp, "");
        InputError e = assertThrows(InputError.class, () -> Workbench.create(WorkbenchConfig.notRecording())
                .sweep(SweepRequest.of(spec, Map.of(), List.of(0L), null, null, tmp.resolve("out"), null),
                        SweepProgress.SILENT));
        assertTrue(e.getMessage().contains("needs the sweeps module"), e.getMessage());
    }
}
