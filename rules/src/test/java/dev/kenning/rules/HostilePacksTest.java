package dev.kenning.rules;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule packs are code: the three hostile packs issue 20 tried are refused or stopped, naming the rule. */
class HostilePacksTest {

    @TempDir
    Path dir;

    private Path pack(String name, String consequence) throws IOException {
        return Files.writeString(dir.resolve(name + "-" + System.nanoTime() + ".drl"), """
                package hostile
                // System.exit in a comment is harmless, and so is "System.exit" in a string
                rule "harmless"
                when
                then
                    String s = "Files.delete";
                end

                rule "%s"
                when
                then
                %s
                end
                """.formatted(name, consequence));
    }

    @Test
    void aPackThatWritesFilesIsRefusedBeforeItIsCompiled() throws IOException {
        Path target = dir.resolve("written.txt");
        Path drl = pack("writes", "    java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + target + "\"), \"x\");");
        InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(drl)));
        assertEquals(drl + ":12:5", e.where());
        assertTrue(e.getMessage().contains("rule 'writes' uses java.nio"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void systemExitIsRefusedBeforeItCanEndKenning() throws IOException {
        Path drl = pack("exits", "    System.exit(0);");
        InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(drl)));
        assertEquals(drl + ":12:5", e.where());
        assertTrue(e.getMessage().contains("rule 'exits' uses System"), e.getMessage());
    }

    @Test
    void aConsequenceThatNeverReturnsIsStoppedAtTheTimeLimitNamingItsRule() throws IOException {
        Path drl = pack("loops", "    long n = 0; while (n >= 0) { n++; if (n == Long.MAX_VALUE) { n = 0; } }");
        RuleBook book = RuleBook.compile(List.of(drl)).withTimeLimit(Duration.ofMillis(800));
        long t0 = System.nanoTime();
        InputError e = assertThrows(InputError.class, () -> book.derive(List.of()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(drl + ":9:1", e.where());
        assertEquals(e.where() + ": rule 'loops' still running after 800 ms: derivation stopped (a consequence that never"
                + " returns?)", e.getMessage());
        assertTrue(seconds < 5, "stopped after " + seconds + " s");
        // the loop itself stopped (its condition checks the interrupt), not only the wait for it
        assertTrue(firingThreadEnds(), "the rule's thread still runs");
    }

    @Test
    void aForLoopWithoutConditionIsStoppedToo() throws IOException {
        Path drl = pack("spins", "    double x = 0; for (;;) x += 1;");
        RuleBook book = RuleBook.compile(List.of(drl)).withTimeLimit(Duration.ofMillis(500));
        InputError e = assertThrows(InputError.class, () -> book.derive(List.of()));
        assertTrue(e.getMessage().contains("rule 'spins' still running after 500 ms"), e.getMessage());
        assertFalse(e.getMessage().contains("could not be interrupted"), e.getMessage());
        assertTrue(firingThreadEnds(), "the rule's thread still runs");
    }

    /**
     * 40 a's and a '!': ((a+)+)+ tries every way of splitting the a's before it gives up (java.util.regex
     * remembers where (a+)+ failed, so one nesting is quick; two are not).
     */
    private static final String BACKTRACKS = "StringBuilder b = new StringBuilder(); for (int i = 0; i < 40; i++) { b.append(\"a\"); }"
            + " b.append(\"!\"); String t = b.toString();";

    @Test
    void aRegularExpressionThatBacktracksForeverIsStoppedAndItsThreadEnds() throws IOException {
        for (String call : List.of("String u = t.replaceAll(\"((a+)+)+$\", \"x\");",
                "if (t.matches(\"((a+)+)+b\")) { t = \"\"; }", "String[] parts = (t).split(\"((a+)+)+,\");")) {
            Path drl = pack("backtracks", "    " + BACKTRACKS + " " + call);
            RuleBook book = RuleBook.compile(List.of(drl)).withTimeLimit(Duration.ofMillis(500));
            long t0 = System.nanoTime();
            InputError e = assertThrows(InputError.class, () -> book.derive(List.of()), call);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(e.getMessage().contains("rule 'backtracks' still running after 500 ms"), e.getMessage());
            assertFalse(e.getMessage().contains("could not be interrupted"), e.getMessage());
            assertTrue(seconds < 5, call + ": stopped after " + seconds + " s");
            assertTrue(firingThreadEnds(), call + ": the rule's thread still runs");
        }
    }

    @Test
    void aGuardedRegularExpressionGivesWhatStringGives() throws IOException {
        Path drl = Files.writeString(dir.resolve("names.drl"), """
                package names
                import dev.kenning.core.ConstraintSpec;
                rule "names"
                when
                then
                    String local = "Hello, wide world";
                    String[] words = local.split("[, ]+");
                    insert(ConstraintSpec.builder("range").bind(local.replaceAll("[^A-Za-z]", "-") + "|" + words.length + "|"
                            + words[2].matches("w.*d") + "|" + "a,b,,".split(",", -1).length)
                            .param("min", 0, "1").param("max", 1, "1").build());
                end
                """);
        List<ConstraintSpec> derived = RuleBook.compile(List.of(drl)).derive(List.of());
        assertEquals(List.of(List.of("Hello--wide-world|3|true|4")), derived.stream().map(ConstraintSpec::bindings).toList());
    }

    private static boolean firingThreadEnds() {
        long until = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < until) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("kenning-rules") && t.isAlive())) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    @Test
    void whatIsNotOnTheAllowListIsRefusedNamingTheRuleAndWhere() throws IOException {
        // none of these is on the deny-list of names that reach the process or files: each is refused as not allowed
        record Probe(String consequence, String what, int column) {
        }
        List<Probe> probes = List.of(
                new Probe("    String s = \"x\".repeat(1000000000);", "uses repeat", 20),
                new Probe("    Object o = new java.util.Random();", "uses Random", 30),
                new Probe("    drools.getKieRuntime().halt();", "uses drools.getKieRuntime", 5),
                new Probe("    kcontext.getKieRuntime();", "uses kcontext", 5),
                new Probe("    Object c = String.class;", "uses .class", 23),
                new Probe("    Object x = javax.script.ScriptEngineManager.class;", "uses ScriptEngineManager", 29));
        for (Probe probe : probes) {
            Path drl = pack("probe", probe.consequence());
            InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(drl)), probe.consequence());
            assertEquals(drl + ":12:" + probe.column(), e.where(), probe.consequence() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("rule 'probe' " + probe.what()), e.getMessage());
        }
        // a misspelt fact type is refused like any name off the list, and the likely one named
        Path typo = Files.writeString(dir.resolve("typo.drl"), "package x\nimport dev.kenning.rules.facts.AttributeOutput\n"
                + "rule \"typo\"\nwhen\n    $a : AtributeOutput( )\nthen\nend\n");
        InputError misspelt = assertThrows(InputError.class, () -> RuleBook.compile(List.of(typo)));
        assertTrue(misspelt.getMessage().startsWith(typo + ":5:10: rule 'typo' uses AtributeOutput")
                && misspelt.getMessage().endsWith("(did you mean AttributeOutput?)"), misspelt.getMessage());
        Path imports = Files.writeString(dir.resolve("imports.drl"), "package x\nimport org.kie.api.runtime.KieSession\n");
        InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(imports)));
        assertEquals(imports + ":2:8", e.where());
        assertTrue(e.getMessage().contains("uses import org.kie.api.runtime.KieSession"), e.getMessage());
        Path function = Files.writeString(dir.resolve("function.drl"), "package x\nfunction int f() { return 1; }\n");
        assertTrue(assertThrows(InputError.class, () -> RuleBook.compile(List.of(function))).getMessage()
                .contains("may not declare functions"));
    }

    @Test
    void aRuleMayStillUseWhatTheShippedPacksUse() throws IOException {
        Path drl = pack("allowed", """
                    java.util.List<String> names = new java.util.ArrayList<>();
                    for (int i = 0; i < 3; i++) { names.add(String.valueOf(Math.max(i, 1L))); }
                    String joined = String.join(",", names).toUpperCase() + drools.getRule().getName();
                    insert(joined);""");
        RuleBook.compile(List.of(drl)).derive(List.of());
    }

    /**
     * Code a rule reaches (here a fact's own method, past any check of the pack) that calls
     * System.exit(0) ends the process with exit code 2 and a message, never 0.
     */
    @Test
    void systemExitReachedWhileRulesFireEndsWithExitCodeTwo() throws Exception {
        Path drl = Files.writeString(dir.resolve("reach.drl"), """
                package reach
                rule "reads every fact"
                when
                    $o : Object()
                then
                    String s = $o.toString();
                end
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ExitingFact.class.getName(), drl.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(RuleBook.EXIT_DURING_DERIVATION, p.exitValue(), output);
        assertTrue(output.contains("error: Kenning was made to exit while rule packs were deriving"), output);
    }

    @Test
    void theShippedPacksPassTheCheck() {
        for (String pack : List.of("attributes", "disjointness", "groups", "labels", "physics", "taxonomy")) {
            RuleBook.compile(List.of(Path.of("packs", pack + ".drl")));
        }
    }
}
