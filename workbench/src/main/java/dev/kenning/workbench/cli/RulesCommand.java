package dev.kenning.workbench.cli;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.SourceTriple;
import dev.kenning.workbench.CompiledRules;
import dev.kenning.workbench.DerivedKnowledge;
import dev.kenning.workbench.Workbench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code kenning rules check PACK...}: compiles rule packs and lists their rules, so a DRL error
 * shows as {@code file:line:col} before any experiment runs; with {@code --derive}, also runs
 * them over the workspace graph (or {@code --endpoint}) and prints each constraint with its
 * rule and the triples behind it.
 */
final class RulesCommand {

    static final String USAGE = """
            usage: kenning rules check PACK... [--derive [--fps FPS]] [--workspace DIR | --endpoint URL]
                   compile DRL packs (errors as file:line:col); --derive also shows the constraints
                   they derive from the workspace graph, with the rule and triples behind each;
                   --fps is the camera's frame rate for observations whose scene states none
                   (a run's data.fps)""";

    private static final Set<String> OPTIONS = Set.of("--workspace", "--endpoint", "--fps");

    private RulesCommand() {
    }

    static int execute(String[] args, PrintStream out, Workbench workbench) {
        if (args.length < 2 || !args[1].equals("check")) {
            throw new InputError("kenning rules", "expects 'check PACK...'\n" + USAGE);
        }
        CommandArguments a = CommandArguments.parse(Arrays.asList(args).subList(2, args.length), OPTIONS, Set.of("--derive"), USAGE);
        if (a.positional().isEmpty()) {
            throw new InputError("kenning rules check", "needs at least one PACK\n" + USAGE);
        }
        if (a.has("--fps") && !a.has("--derive")) {
            throw new InputError("--fps", "applies to --derive only\n" + USAGE);
        }
        List<Path> packs = a.positional().stream().map(Path::of).toList();
        CompiledRules rules = a.has("--derive") ? workbench.compileTrustedRules(packs) : Workbench.compileRules(packs);
        for (Map.Entry<Path, List<String>> pack : rules.rulesByPack().entrySet()) {
            out.printf("%s: %d rule(s)%n", pack.getKey(), pack.getValue().size());
            pack.getValue().forEach(rule -> out.println("  " + rule));
        }
        if (!a.has("--derive")) {
            return 0;
        }
        String endpoint = a.has("--endpoint") ? a.option("--endpoint", null) : null;
        Path workspace = a.workspace(workbench.config().workspace(), "kenning rules check --derive");
        Double fps = a.has("--fps") ? frameRate(a.option("--fps", null)) : null;
        if (endpoint == null && !java.nio.file.Files.isDirectory(workspace)) {
            // not made empty here: deriving from nothing would print "0 constraint(s)" as if the packs derived nothing
            throw new InputError(workspace.toString(), "no workspace here to derive from: import knowledge into it first"
                    + " (kenning kg import FILE --workspace " + workspace + "), name another with --workspace DIR, or see what"
                    + " a spec's knowledge derives with kenning constraints SPEC");
        }
        CompiledRules.FromStore fromStore = rules.deriveFromStore(workspace, endpoint, fps);
        DerivedKnowledge derived = fromStore.derived();
        List<ConstraintSpec> specs = derived.constraints();
        out.printf("%n%d constraint(s) derived from the %d triples of %s%n", specs.size(), derived.triples(),
                endpoint != null ? "SPARQL endpoint " + endpoint : "TDB2 workspace " + workspace);
        if (derived.triples() == 0) {
            out.println("the store holds no triples: import knowledge first (kenning kg import FILE), or see what a spec's"
                    + " knowledge derives with kenning constraints SPEC");
        }
        for (ConstraintSpec c : specs) {
            ConstraintLines.print(out, c, 24);
        }
        // a rule that fired on nothing here: a pattern that matches no fact (a misspelt IRI, a missing link)
        java.util.Set<String> fired = new java.util.HashSet<>();
        specs.forEach(c -> fired.add(c.provenance().rule()));
        List<String> silent = rules.rulesByPack().values().stream().flatMap(List::stream).filter(r -> !fired.contains(r)).toList();
        if (!silent.isEmpty() && !specs.isEmpty()) {
            out.printf("%n%d rule(s) made no constraint from this knowledge (a rule that only infers facts for others is"
                    + " among them; one meant to make constraints matched no fact): %s%n", silent.size(), String.join(", ",
                    silent.stream().map(r -> "'" + r + "'").toList()));
        }
        if (fps == null && !fromStore.withoutFrameRate().isEmpty()) {
            out.printf("%n%d observation(s) state no k:frameRate (%s), so no law that needs a frame interval is derived"
                    + " for them here: give the camera's with --fps FPS, as a run's data.fps does%n",
                    fromStore.withoutFrameRate().size(), String.join(", ", fromStore.withoutFrameRate()));
        }
        return 0;
    }

    private static double frameRate(String text) {
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new InputError("--fps", "must be the camera's frames per second, a number above 0, got '" + text + "'");
    }
}
