package dev.kenning.rules;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiled DRL packs. {@link #derive} runs them over graph facts in a fresh session and
 * returns the {@link ConstraintSpec}s the rules inserted. Errors point at the user's files:
 * Drools compiles copies under its own {@code src/main/resources} paths, which are mapped back.
 */
public final class RuleBook {

    /**
     * The least firing limit: enough for any honest pack over a small graph; a rule that keeps
     * re-activating itself hits it in milliseconds. Larger graphs get {@link #FIRINGS_PER_FACT}
     * per fact: the shipped packs fire about once per fact on a predicate matrix of 200 classes by
     * 312 attributes and about five times per fact on the fashion hierarchy.
     */
    public static final int DEFAULT_FIRING_LIMIT = 10_000;

    /** Firings allowed per fact inserted, where that allows more than the book's limit. */
    public static final int FIRINGS_PER_FACT = 100;

    /**
     * How long derivation may take: the shipped packs derive in well under a second; a consequence
     * that never returns (a loop) is stopped here, naming the rule that was firing.
     */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(30);

    /**
     * Derivation time allowed per fact, where that allows more than the book's limit: over a
     * table of SUN's shape (717 scenes by 102 attributes, their pairwise disjointness alone 513 372
     * facts) the shipped packs ran past 30 s on 2 cores ({@code kenning constraints} took 56 s in
     * all), about 0.1 ms a fact; a graph of 120 000 facts or fewer keeps the limit.
     */
    public static final Duration TIME_PER_FACT = Duration.ofNanos(250_000);

    private static final String KFS_ROOT = "src/main/resources/";

    private static final Comparator<ConstraintSpec> STABLE_ORDER = Comparator
            .comparing(ConstraintSpec::kind)
            .thenComparing(spec -> String.join(",", spec.bindings()))
            .thenComparing(spec -> spec.params().toString())
            .thenComparing(spec -> spec.provenance().rule())
            .thenComparing(spec -> spec.provenance().triples().toString());

    private static final Pattern LINE_COL = Pattern.compile("Line (\\d+):(\\d+)");

    private static final String NULL_PACKAGE_ECHO = "Parser returned a null Package";

    private final KieBase kieBase;
    private final Map<String, Path> userFileByDroolsPath;
    private final int firingLimit;
    private final Duration timeLimit;

    private RuleBook(KieBase kieBase, Map<String, Path> userFileByDroolsPath, int firingLimit, Duration timeLimit) {
        this.kieBase = kieBase;
        this.userFileByDroolsPath = userFileByDroolsPath;
        this.firingLimit = firingLimit;
        this.timeLimit = timeLimit;
    }

    /** Compiles the packs with the {@linkplain #DEFAULT_FIRING_LIMIT default firing limit}. */
    public static RuleBook compile(List<Path> drlFiles) {
        return compile(drlFiles, DEFAULT_FIRING_LIMIT);
    }

    /**
     * Compiles DRL files into one rule base.
     *
     * @throws InputError for a missing file, or the first compile error with {@code where} =
     *                    {@code file:line:col} of the user's file and Drools' message on one line
     */
    public static RuleBook compile(List<Path> drlFiles, int firingLimit) {
        if (firingLimit < 1) {
            throw new IllegalArgumentException("firing limit must be >= 1, got " + firingLimit);
        }
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        // A fresh release id per book: books compiled in one JVM must not replace each other.
        ReleaseId releaseId = ks.newReleaseId("dev.kenning.rulebook", "book-" + UUID.randomUUID(), "1.0.0");
        kfs.generateAndWritePomXML(releaseId);
        Map<String, Path> userFiles = new LinkedHashMap<>();
        for (int i = 0; i < drlFiles.size(); i++) {
            Path file = drlFiles.get(i);
            // One folder per file, so two packs with the same file name stay apart.
            String droolsPath = "kenning/book/f" + i + "/" + file.getFileName();
            byte[] text = read(file);
            PackCheck.check(file, text);
            // each loop and regular expression checks the firing thread's interrupt, so a consequence that loops
            // or backtracks forever can be stopped
            kfs.write(KFS_ROOT + droolsPath, PackCheck.guard(new String(text, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            userFiles.put(droolsPath, file);
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            throw compileError(errors, userFiles);
        }
        try {
            KieBase kieBase = ks.newKieContainer(releaseId).getKieBase();
            return new RuleBook(kieBase, userFiles, firingLimit, DEFAULT_TIME_LIMIT);
        } finally {
            // The base is built; keeping every book's module in the global repository would leak.
            ks.getRepository().removeKieModule(releaseId);
        }
    }

    /** The same rules, stopped after {@code limit} of derivation instead of {@link #DEFAULT_TIME_LIMIT}. */
    public RuleBook withTimeLimit(Duration limit) {
        if (limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException("time limit must be positive, got " + limit);
        }
        return new RuleBook(kieBase, userFileByDroolsPath, firingLimit, limit);
    }

    /**
     * Inserts the facts into a fresh session, fires the rules and returns every
     * {@link ConstraintSpec} then in working memory, ordered by kind, then bindings.
     *
     * @throws InputError if the rules fire more often than the firing limit (naming the rule
     *                    that fired most), or a rule's consequence fails (naming that rule)
     */
    public List<ConstraintSpec> derive(List<?> facts) {
        // Rule code that reaches System.exit (past the pack check, say through a fact's method)
        // must not end Kenning as if it had succeeded: while rules fire, an exit ends with code 2.
        Thread exitGuard = new Thread(() -> {
            System.err.println("error: Kenning was made to exit while rule packs were deriving (System.exit in code a"
                    + " rule reached, or a signal); exit code " + EXIT_DURING_DERIVATION);
            Runtime.getRuntime().halt(EXIT_DURING_DERIVATION);
        }, "kenning-rules-exit-guard");
        Runtime.getRuntime().addShutdownHook(exitGuard);
        try {
            return deriveGuarded(facts);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(exitGuard);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the guard is running and sets the exit code
            }
        }
    }

    /** The firings allowed over {@code facts} facts: the book's limit, or more for a large graph. */
    int limitFor(int facts) {
        return (int) Math.min(Integer.MAX_VALUE - 1, Math.max(firingLimit, (long) FIRINGS_PER_FACT * facts));
    }

    /** The derivation time allowed over {@code facts} facts: the book's limit, or more for a large graph. */
    Duration timeFor(int facts) {
        Duration scaled = TIME_PER_FACT.multipliedBy(facts);
        return scaled.compareTo(timeLimit) > 0 ? scaled : timeLimit;
    }

    /** The exit code of a process made to exit while rules fire ({@link #derive}). */
    public static final int EXIT_DURING_DERIVATION = 2;

    private List<ConstraintSpec> deriveGuarded(List<?> facts) {
        KieSession session = kieBase.newKieSession();
        boolean stuck = false;
        // The rules fire on a worker thread, so a consequence that never returns can be left behind.
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kenning-rules");
            t.setDaemon(true);
            return t;
        });
        try {
            FiringCount firings = new FiringCount();
            session.addEventListener(firings);
            int limit = limitFor(facts.size());
            Duration time = timeFor(facts.size());
            Future<Integer> firing = worker.submit(() -> {
                facts.forEach(session::insert);
                return session.fireAllRules(limit + 1);
            });
            int fired;
            try {
                fired = firing.get(time.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                Rule rule = firings.current();
                session.halt();
                firing.cancel(true); // interrupts the firing thread: a rule's loop then ends (RuleDeadline)
                worker.shutdown();
                boolean ended = awaitEnd(worker);
                stuck = !ended;
                String seconds = time.toMillis() % 1000 == 0 ? time.toSeconds() + " s" : time.toMillis() + " ms";
                throw new InputError(rule == null ? "rules" : whereIs(rule.getName()), (rule == null ? "the rules" : "rule '"
                        + rule.getName() + "'") + " still running after " + seconds + (time.equals(timeLimit) ? ""
                        : " (" + TIME_PER_FACT.toNanos() / 1000 + " µs per fact, " + facts.size() + " facts)")
                        + ": derivation stopped (a consequence that never returns?)" + (ended ? ""
                        : "; its thread could not be interrupted and runs on until Kenning exits"));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ConsequenceException c) {
                    Throwable cause = c.getCause() == null ? c : c.getCause();
                    throw new InputError(whereIs(c.getRule()), "rule '" + c.getRule().getName() + "' failed: "
                            + cause.getMessage(), c);
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof OutOfMemoryError) {
                    Rule rule = firings.busiest();
                    throw new InputError(rule == null ? "rules" : whereIs(rule), "the rules ran out of memory over " + facts.size()
                            + " facts" + (rule == null ? "" : " (rule '" + rule.getName() + "' fired most, " + firings.of(rule)
                            + " times)") + ": give Kenning more memory (KENNING_HEAP=8g ./kenning …; 4g unless set), or fewer facts (a"
                            + " disjointness axiom over n scored classes gives n·(n−1) facts)");
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the rules fired", e);
            }
            if (fired > limit) {
                Rule busiest = firings.busiest();
                throw new InputError(whereIs(busiest), "rules fired more than " + limit + " times ("
                        + (limit == firingLimit ? "the limit" : FIRINGS_PER_FACT + " per fact, " + facts.size() + " facts")
                        + "); rule '" + busiest.getName() + "' fired " + firings.of(busiest)
                        + " of them (does it insert a fact that re-activates it?)");
            }
            List<ConstraintSpec> specs = new ArrayList<>();
            for (Object o : session.getObjects(o -> o instanceof ConstraintSpec)) {
                specs.add((ConstraintSpec) o);
            }
            specs.sort(STABLE_ORDER);
            return specs;
        } finally {
            worker.shutdownNow();
            if (!stuck) {
                // a session whose consequence still runs is left to its thread, not disposed under it
                session.dispose();
            }
        }
    }

    /** Whether the firing thread ended within a short wait after it was interrupted. */
    private static boolean awaitEnd(ExecutorService worker) {
        try {
            return worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The names of the rules compiled from each file, files in the order given, names sorted:
     * what {@code kenning rules check} lists, so a user sees a pack says what they meant.
     */
    public Map<Path, List<String>> rulesByFile() {
        Map<Path, List<String>> byFile = new LinkedHashMap<>();
        userFileByDroolsPath.values().forEach(file -> byFile.put(file, new ArrayList<>()));
        for (KiePackage pack : kieBase.getKiePackages()) {
            for (Rule rule : pack.getRules()) {
                if (rule instanceof RuleImpl impl && impl.getResource() != null) {
                    Path file = userFile(impl.getResource().getSourcePath(), userFileByDroolsPath);
                    if (file != null) {
                        byFile.get(file).add(rule.getName());
                    }
                }
            }
        }
        byFile.values().forEach(names -> names.sort(null));
        return byFile;
    }

    /**
     * Where a rule is written: {@code file:line:col} of its {@code rule "name"} line in the user's
     * pack, or {@code rule 'name'} when the pack or the line cannot be found. Used to report a
     * constraint a rule derived that its kind does not accept.
     */
    public String whereIs(String ruleName) {
        for (KiePackage pack : kieBase.getKiePackages()) {
            for (Rule rule : pack.getRules()) {
                if (rule.getName().equals(ruleName)) {
                    String file = whereIs(rule);
                    return file.startsWith("rule '") ? file : file + lineOf(Path.of(file), ruleName);
                }
            }
        }
        return "rule '" + ruleName + "'";
    }

    /** ":line:col" of the rule's header in the file, or "" when it cannot be read there. */
    private static String lineOf(Path file, String ruleName) {
        Pattern header = Pattern.compile("^(\\s*)rule\\s+(\"" + Pattern.quote(ruleName) + "\"|'" + Pattern.quote(ruleName)
                + "'|" + Pattern.quote(ruleName) + "(?=\\s|$))");
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = header.matcher(lines.get(i));
                if (m.find()) {
                    return ":" + (i + 1) + ":" + (m.group(1).length() + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the pack compiled from this file a moment ago; if it cannot be read now, the file alone still points there
        }
        return "";
    }

    private static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputError(file.toString(), "file not found");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    private static InputError compileError(List<Message> all, Map<String, Path> userFiles) {
        // Drools follows every syntax error with this echo of it; it tells the user nothing new.
        List<Message> errors = all.stream().filter(m -> !NULL_PACKAGE_ECHO.equals(m.getText())).toList();
        Message first = errors.isEmpty() ? all.get(0) : errors.get(0);
        Path file = userFile(first.getPath(), userFiles);
        String where = file == null ? "rules" : file.toString();
        // Parser errors carry the column only in their text ("[ERR 101] Line 10:21 ..."); getColumn() is 0.
        Matcher at = LINE_COL.matcher(first.getText() == null ? "" : first.getText());
        // MVEL's errors in a pattern say "[Line: 7, Column: 4]" of the rule's text, beside Drools' line in the file
        Matcher mvel = MVEL_COLUMN.matcher(first.getText() == null ? "" : first.getText());
        if (file != null && at.find()) {
            where += ":" + at.group(1) + ":" + at.group(2);
        } else if (file != null && first.getLine() > 0) {
            where += ":" + first.getLine() + (first.getColumn() > 0 ? ":" + first.getColumn()
                    : mvel.find() ? ":" + mvel.group(1) : "");
        }
        String more = errors.size() > 1 ? "; then: " + oneLine(errors.get(1).getText()) + (errors.size() > 2 ? " (and "
                + (errors.size() - 2) + " more)" : "") : "";
        return new InputError(where, unknownField(first.getText()) + oneLine(first.getText()) + more);
    }

    private static final Pattern MVEL_COLUMN = Pattern.compile("\\[Line: \\d+, Column: (\\d+)]");
    private static final Pattern STRICT_MEMBER = Pattern.compile("unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)");

    /**
     * For a pattern that names a field its fact type lacks (MVEL's "unable to resolve method using
     * strict-mode: …AttributeOutput.outptu()"), what the type has, before the raw text: "AttributeOutput
     * has no field 'outptu'; its fields: output, … ". Else "".
     */
    private static String unknownField(String text) {
        Matcher m = STRICT_MEMBER.matcher(text == null ? "" : text);
        if (!m.find()) {
            return "";
        }
        try {
            Class<?> type = Class.forName(m.group(1));
            List<String> fields = type.isRecord()
                    ? java.util.Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList()
                    : java.util.Arrays.stream(type.getMethods()).filter(x -> x.getParameterCount() == 0 && x.getName().startsWith("get")
                    && !x.getName().equals("getClass")).map(x -> Character.toLowerCase(x.getName().charAt(3)) + x.getName().substring(4))
                    .sorted().toList();
            return type.getSimpleName() + " has no field '" + m.group(2) + "'; its fields: " + String.join(", ", fields) + ". ";
        } catch (ClassNotFoundException | LinkageError e) {
            return "";
        }
    }

    /** Drools reports paths with or without its {@code src/main/resources/} prefix. */
    private static Path userFile(String droolsPath, Map<String, Path> userFiles) {
        if (droolsPath == null) {
            return userFiles.size() == 1 ? userFiles.values().iterator().next() : null;
        }
        String relative = droolsPath.startsWith(KFS_ROOT) ? droolsPath.substring(KFS_ROOT.length()) : droolsPath;
        return userFiles.get(relative);
    }

    /**
     * The user's file a rule came from. Drools keeps it only on its internal {@link RuleImpl};
     * without it, the message still names the rule.
     */
    private String whereIs(Rule rule) {
        if (rule instanceof RuleImpl impl && impl.getResource() != null) {
            Path file = userFile(impl.getResource().getSourcePath(), userFileByDroolsPath);
            if (file != null) {
                return file.toString();
            }
        }
        return "rule '" + rule.getName() + "'";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** Counts firings per rule, so a runaway can be blamed on the rule that caused it. */
    private static final class FiringCount extends DefaultAgendaEventListener {
        private final Map<Rule, Integer> counts = new ConcurrentHashMap<>();
        private volatile Rule current;

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            current = event.getMatch().getRule();
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            current = null;
            counts.merge(event.getMatch().getRule(), 1, Integer::sum);
        }

        /** The rule whose consequence is running now, or null between firings. */
        Rule current() {
            return current;
        }

        /** The rule fired most so far, or null before any fired. */
        Rule busiest() {
            return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        }

        int of(Rule rule) {
            return counts.getOrDefault(rule, 0);
        }
    }
}
