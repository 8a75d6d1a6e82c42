package dev.kenning.workbench.cli;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.SourceTriple;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.rules.RuleBook;
import dev.kenning.rules.facts.ClassFacts;
import dev.kenning.rules.facts.GraphFacts;

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
            usage: kenning rules check PACK... [--derive] [--workspace DIR | --endpoint URL]
                   compile DRL packs (errors as file:line:col); --derive also shows the constraints
                   they derive from the workspace graph, with the rule and triples behind each""";

    private static final Set<String> OPTIONS = Set.of("--workspace", "--endpoint");

    private RulesCommand() {
    }

    static int execute(String[] args, PrintStream out) {
        if (args.length < 2 || !args[1].equals("check")) {
            throw new InputError("kenning rules", "expects 'check PACK...'\n" + USAGE);
        }
        CommandArguments a = CommandArguments.parse(Arrays.asList(args).subList(2, args.length), OPTIONS, Set.of("--derive"), USAGE);
        if (a.positional().isEmpty()) {
            throw new InputError("kenning rules check", "needs at least one PACK\n" + USAGE);
        }
        List<Path> packs = a.positional().stream().map(Path::of).toList();
        RuleBook book = RuleBook.compile(packs);
        for (Map.Entry<Path, List<String>> pack : book.rulesByFile().entrySet()) {
            out.printf("%s: %d rule(s)%n", pack.getKey(), pack.getValue().size());
            pack.getValue().forEach(rule -> out.println("  " + rule));
        }
        if (!a.has("--derive")) {
            return 0;
        }
        try (KnowledgeBase kb = a.has("--endpoint") ? KnowledgeBase.remote(a.option("--endpoint", null))
                : KnowledgeBase.openWorkspace(Path.of(a.option("--workspace",
                KgCommand.DEFAULT_WORKSPACE.toString())))) {
            List<Object> facts = new ArrayList<>(GraphFacts.extract(kb));
            facts.addAll(ClassFacts.extract(kb));
            List<ConstraintSpec> specs = book.derive(facts);
            out.printf("%n%d constraint(s) derived from %d facts of %s%n", specs.size(), facts.size(), kb);
            for (ConstraintSpec c : specs) {
                List<String> params = new ArrayList<>();
                c.params().forEach((n, q) -> params.add(n + " = " + q));
                out.printf(Locale.ROOT, "%n%-24s on %s   weight %.3g%n", c.kind(), c.bindings(), c.weight());
                if (!params.isEmpty()) {
                    out.println("  params:   " + String.join(", ", params));
                }
                out.println("  rule:     " + c.provenance().rule());
                for (SourceTriple t : c.provenance().triples()) {
                    out.println("  because:  " + t);
                }
            }
        }
        return 0;
    }
}
