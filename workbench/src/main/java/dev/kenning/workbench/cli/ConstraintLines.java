package dev.kenning.workbench.cli;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.SourceTriple;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A derived constraint as {@code kenning constraints} and {@code kenning rules check --derive} print it. */
final class ConstraintLines {
    private ConstraintLines() {
    }

    /** Its kind (padded to {@code kindWidth}), bindings and weight, then its formula, parameters, rule and triples. */
    static void print(PrintStream out, ConstraintSpec c, int kindWidth) {
        out.printf(Locale.ROOT, "%n%-" + kindWidth + "s on %s   weight %.3g%n", c.kind(), c.bindings(), c.weight());
        if (c.formula() != null) {
            // on one line, a comment's text left out: "a  # note | b" would read as b commented out
            out.println("  formula:  " + c.formula().strip().replaceAll("#[^\\r\\n]*", "").strip().replaceAll("\\s*\\R\\s*", " "));
        }
        List<String> params = new ArrayList<>();
        c.params().forEach((n, q) -> params.add(n + " = " + q));
        if (!params.isEmpty()) {
            out.println("  params:   " + String.join(", ", params));
        }
        out.println("  rule:     " + c.provenance().rule());
        for (SourceTriple t : c.provenance().triples()) {
            out.println("  because:  " + t);
        }
    }
}
