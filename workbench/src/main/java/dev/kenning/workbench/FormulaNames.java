package dev.kenning.workbench;

import dev.kenning.constraints.ConstraintCatalogue;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.SourceTriple;
import dev.kenning.kg.KnowledgeBase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The output names a formula uses that nothing else knows: a user's own law in logic
 * ({@code k:formula "class:boot => ~attr:straps"}) names outputs by text, and a typo there would
 * otherwise pass in silence (an image task leaves out a formula over a class it does not score,
 * and gives an unknown attribute an output of its own, taught by formulas alone).
 */
final class FormulaNames {
    private FormulaNames() {
    }

    /** One note per formula naming a true/false output that no {@code k:outputName} in the graph and no other constraint names. */
    static List<String> unknown(List<ConstraintSpec> derived, KnowledgeBase kb) {
        TreeSet<String> known = new TreeSet<>();
        for (Map<String, String> row : kb.select("PREFIX k: <" + KnowledgeBase.NS + "> SELECT DISTINCT ?o WHERE { ?t k:outputName ?o }")) {
            known.add(row.get("o"));
        }
        derived.forEach(c -> known.addAll(c.bindings()));
        List<String> notes = new ArrayList<>();
        for (ConstraintSpec c : derived) {
            if (c.formula() == null || !c.kind().equals("formula")) {
                continue;
            }
            List<String> unknown = ConstraintCatalogue.formula(c).booleans().stream().filter(b -> !known.contains(b)).toList();
            if (unknown.isEmpty() || known.isEmpty()) {
                continue;
            }
            List<String> named = new ArrayList<>();
            for (String name : unknown) {
                String near = nearest(name, known);
                named.add(name + (near == null ? "" : " (did you mean " + near + "?)"));
            }
            notes.add("the formula \"" + c.formula().strip().replaceAll("\\s*\\R\\s*", " ") + "\"" + law(c) + " names "
                    + String.join(", ", named) + ", which nothing in the graph is scored as (k:outputName) and no other"
                    + " constraint names; an image task leaves out a formula over a class or group it does not score, and"
                    + " gives an unknown attr: an output of its own, taught by the formulas alone");
        }
        return notes;
    }

    /**
     * A note when the graph states laws in logic ({@code k:formula}) but no rule made a constraint
     * of any: the formulas pack is not loaded, and the user's logic would otherwise do nothing, said
     * nowhere.
     */
    static List<String> unused(List<ConstraintSpec> derived, KnowledgeBase kb) {
        if (derived.stream().anyMatch(c -> c.kind().equals("formula"))) {
            return List.of();
        }
        List<Map<String, String>> laws = kb.select("PREFIX k: <" + KnowledgeBase.NS + "> SELECT (COUNT(DISTINCT ?l) AS ?n)"
                + " WHERE { ?l k:formula ?f }");
        int n = laws.isEmpty() || laws.get(0).get("n") == null ? 0 : Integer.parseInt(laws.get(0).get("n"));
        return n == 0 ? List.of() : List.of("the graph states " + n + " law(s) in logic (k:formula), but no rule made a"
                + " constraint of them: add rules/packs/formulas.drl to knowledge.rules");
    }

    /** The triple stating the formula ({@code law k:formula "…"}) among the constraint's provenance, if any. */
    static java.util.Optional<SourceTriple> formulaTriple(ConstraintSpec c) {
        return c.provenance().triples().stream().filter(t -> t.predicate().endsWith("formula")).findFirst();
    }

    /** The law the formula was read from, as its provenance names it. */
    private static String law(ConstraintSpec c) {
        return formulaTriple(c).map(SourceTriple::subject).map(s -> " (" + s + ")").orElse("");
    }

    /** The known name of the same kind (the part before ':') closest to {@code name}, if it is a likely typo of it. */
    private static String nearest(String name, TreeSet<String> known) {
        String kind = name.contains(":") ? name.substring(0, name.indexOf(':') + 1) : "";
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            if (!k.startsWith(kind)) {
                continue;
            }
            int d = dev.kenning.core.knowledge.EditDistance.of(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int local = name.length() - kind.length();
        return dev.kenning.core.knowledge.EditDistance.likelyTypo(bestDistance, local) ? best : null;
    }
}
