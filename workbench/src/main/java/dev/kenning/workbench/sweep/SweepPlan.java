package dev.kenning.workbench.sweep;

import dev.kenning.core.KenningJson;
import dev.kenning.core.Sha256;
import dev.kenning.kg.OwlImports;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.AdditionSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A sweep expanded: every configuration of the grid (the cartesian product, first key slowest)
 * times every seed, each a {@link PlannedRun}, and the files the runs read, each named by its
 * SHA-256 and its path under one common folder so a worker can rebuild the same tree without a
 * shared file system. {@link #of} loads the spec once per configuration with its values put in
 * by the spec's own override mechanism, so a bad key or value stops the sweep before any run,
 * with the message the spec loader gives.
 */
public final class SweepPlan {
    /** One point of the grid: its label as written and the values it puts into the spec. */
    public record Configuration(String label, Map<String, String> overrides) implements Serializable {
        public Configuration {
            overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        }

        /** The values alone, for folder names: {@code godel}, {@code 0.001_godel}. */
        String slug() {
            return overrides.isEmpty() ? "" : String.join("_", overrides.values()).replaceAll("[^A-Za-z0-9._-]", "_");
        }
    }

    /**
     * One run of the sweep.
     *
     * @param specHash SHA-256 of the resolved spec (every default filled in, this seed) and of every
     *                 file it reads: the same hash means the same run
     * @param folder   the run folder's name within the sweep's folder
     */
    public record PlannedRun(Configuration configuration, long seed, String specHash, String folder) implements Serializable {
        /** {@code knowledge.semantics=godel seed 3}: how progress lines and messages name the run. */
        public String label() {
            return (configuration.label().isEmpty() ? "" : configuration.label() + " ") + "seed " + seed;
        }
    }

    /** A file a run reads, at {@code relative} under the common folder, with its content hash. */
    public record InputFile(Path local, String relative, String sha256) implements Serializable {
    }

    private final SweepRequest request;
    private final String name;
    private final List<Configuration> configurations;
    private final List<PlannedRun> runs;
    private final Path root;
    private final List<InputFile> inputs;
    private final String specRelative;
    private final String dataRelative;

    private SweepPlan(SweepRequest request, String name, List<Configuration> configurations, List<PlannedRun> runs,
                      Path root, List<InputFile> inputs, String specRelative, String dataRelative) {
        this.request = request;
        this.name = name;
        this.configurations = List.copyOf(configurations);
        this.runs = List.copyOf(runs);
        this.root = root;
        this.inputs = List.copyOf(inputs);
        this.specRelative = specRelative;
        this.dataRelative = dataRelative;
    }

    /**
     * Expands and checks the request: each configuration's spec is loaded with its values, before
     * anything runs.
     *
     * @throws dev.kenning.core.InputError for a key the spec does not have or a value it refuses
     */
    public static SweepPlan of(SweepRequest request) {
        Workbench workbench = Workbench.create(WorkbenchConfig.notRecording());
        return of(request, spec -> workbench.derive(spec).ontologyHashes().keySet());
    }

    /**
     * The same, {@code knowledgeRead} giving the files each configuration's knowledge reads
     * (its ontologies, what they import from the disk, a predicate matrix's names files): they are
     * shipped to the workers, with the Protégé catalogs beside them, by which imports resolve.
     * Configurations with the same knowledge are asked once.
     */
    public static SweepPlan of(SweepRequest request, java.util.function.Function<SpecFile, java.util.Collection<Path>> knowledgeRead) {
        List<Configuration> configurations = configurations(request.grid());
        Path spec = request.spec().toAbsolutePath().normalize();
        Set<Path> files = new LinkedHashSet<>();
        files.add(spec);
        Path data = null;
        List<SpecFile> loaded = new ArrayList<>();
        Map<ExperimentSpec.Knowledge, List<Path>> knowledge = new java.util.HashMap<>();
        for (Configuration c : configurations) {
            SpecFile s = SpecFile.load(spec, c.overrides());
            loaded.add(s);
            files.addAll(s.knowledgeSources().ontologies());
            for (Path read : knowledge.computeIfAbsent(s.knowledgeSources(), k -> List.copyOf(knowledgeRead.apply(s)))) {
                files.add(read.toAbsolutePath().normalize());
                Path catalog = read.toAbsolutePath().normalize().resolveSibling(OwlImports.CATALOG);
                if (Files.isRegularFile(catalog)) {
                    files.add(catalog);
                }
            }
            files.addAll(s.knowledgeSources().rules());
            s.otherInputs().forEach(f -> files.add(f.toAbsolutePath().normalize()));
            Path d = dataOf(s);
            if (d != null && Files.exists(d)) {
                // Every configuration reads the same data unless the grid changes data.path; a sweep
                // over data folders would need one per configuration, which this does not ship.
                if (data != null && !data.equals(d)) {
                    throw new dev.kenning.core.InputError("--set data.path", "a sweep reads one data folder; the grid names "
                            + data + " and " + d);
                }
                data = d;
                if (!request.sharedData()) {
                    files.addAll(filesUnder(d));
                }
            }
        }
        Map<Path, String> hashes = new LinkedHashMap<>();
        files.forEach(f -> hashes.put(f, Sha256.of(f)));
        // data read in place on the workers: a run's identity takes its listing (paths, sizes, times), not its bytes
        String dataListing = request.sharedData() && data != null ? listing(data) : null;
        Path root = commonFolder(files);
        List<InputFile> inputs = new ArrayList<>();
        hashes.forEach((f, h) -> inputs.add(new InputFile(f, root.relativize(f).toString(), h)));

        List<Long> seeds = request.seeds().isEmpty() ? List.of(loaded.get(0).seed()) : request.seeds();
        List<PlannedRun> runs = new ArrayList<>();
        String name = loaded.get(0).name();
        for (int i = 0; i < configurations.size(); i++) {
            Configuration c = configurations.get(i);
            for (long seed : seeds) {
                SpecFile s = loaded.get(i).withSeed(seed);
                StringBuilder identity = new StringBuilder(KenningJson.toJson(s.resolved()));
                hashes.values().forEach(h -> identity.append('\n').append(h));
                if (dataListing != null) {
                    identity.append('\n').append(dataListing);
                }
                String slug = c.slug();
                runs.add(new PlannedRun(c, seed, Sha256.of(identity.toString()),
                        s.name() + (slug.isEmpty() ? "" : "-" + slug) + "-s" + seed));
            }
        }
        // shipped data is named relative to the rebuilt spec; shared data by the path every worker has
        String dataRelative = data == null ? null : request.sharedData() ? data.toAbsolutePath().normalize().toString()
                : spec.getParent().relativize(data).toString().isEmpty() ? "." : spec.getParent().relativize(data).toString();
        return new SweepPlan(request, name, configurations, runs, root, inputs, root.relativize(spec).toString(), dataRelative);
    }

    /** The grid's cartesian product, first key slowest, values in the order given. */
    static List<Configuration> configurations(Map<String, List<String>> grid) {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (String v : e.getValue()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        // a label names the keys that vary: one set to a single value is every configuration's, not a difference
        java.util.Set<String> varying = new java.util.HashSet<>();
        grid.forEach((k, values) -> {
            if (values.size() > 1) {
                varying.add(k);
            }
        });
        List<Configuration> out = new ArrayList<>();
        for (Map<String, String> p : points) {
            List<String> parts = new ArrayList<>();
            p.forEach((k, v) -> {
                if (varying.isEmpty() || varying.contains(k)) {
                    parts.add(k + "=" + v);
                }
            });
            out.add(new Configuration(String.join(" ", parts), p));
        }
        return out;
    }

    private static Path dataOf(SpecFile s) {
        if (s instanceof ExperimentSpec e) {
            return e.data().path();
        }
        if (s instanceof AdditionSpec a) {
            return a.data();
        }
        return ((ImageTaskSpec) s).data().path();
    }

    /** The files under {@code data} as relative path, size and modification time, one line each, hashed. */
    private static String listing(Path data) {
        StringBuilder b = new StringBuilder();
        for (Path f : filesUnder(data)) {
            try {
                b.append(data.toAbsolutePath().normalize().relativize(f)).append('\t').append(Files.size(f)).append('\t')
                        .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        return Sha256.of(b.toString());
    }

    private static List<Path> filesUnder(Path p) {
        if (Files.isRegularFile(p)) {
            return List.of(p.toAbsolutePath().normalize());
        }
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).map(f -> f.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p, e);
        }
    }

    private static Path commonFolder(Set<Path> files) {
        Path common = null;
        for (Path f : files) {
            Path dir = f.getParent();
            if (common == null) {
                common = dir;
            } else {
                while (!dir.startsWith(common)) {
                    common = common.getParent();
                }
            }
        }
        return common;
    }



    public SweepRequest request() {
        return request;
    }

    /** The spec's name. */
    public String name() {
        return name;
    }

    public List<Configuration> configurations() {
        return configurations;
    }

    public List<PlannedRun> runs() {
        return runs;
    }

    /** The files every run reads, under {@link #root()}. */
    public List<InputFile> inputs() {
        return inputs;
    }

    /** The folder every input lies under. */
    public Path root() {
        return root;
    }

    /** The spec, relative to {@link #root()}. */
    public String specRelative() {
        return specRelative;
    }

    /**
     * The overrides a worker adds to a configuration's own once it has rebuilt the inputs under a
     * folder of its own: the data folder named relative to the spec, since a spec that relies on a
     * default (Fashion-MNIST in /usr/share) would otherwise read the worker's own copy, if any.
     */
    public Map<String, String> workerOverrides(Configuration c) {
        Map<String, String> o = new LinkedHashMap<>(c.overrides());
        if (dataRelative != null) {
            o.put("data.path", dataRelative);
        }
        return o;
    }
}
