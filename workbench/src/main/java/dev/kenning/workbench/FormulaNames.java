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
     * Notes on the laws the graph states in logic ({@code k:formula}) that no constraint cites:
     * those typed {@code k:Law} (the formulas pack is not loaded, though another pack may make
     * formulas of its own), and those not typed a law at all, which no rule reads. Either way the
     * user's logic would otherwise do nothing, said nowhere.
     */
    static List<String> unused(List<ConstraintSpec> derived, KnowledgeBase kb) {
        java.util.Set<String> cited = new java.util.HashSet<>();
        derived.forEach(c -> formulaTriples(c).forEach(t -> cited.add(t.subject())));
        List<String> unmade = new ArrayList<>();
        List<String> untyped = new ArrayList<>();
        List<Map<String, String>> laws = kb.select("PREFIX k: <" + KnowledgeBase.NS + ">"
                + " PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT DISTINCT ?l ?law WHERE { ?l k:formula ?f"
                + " FILTER(isIRI(?l)) BIND(EXISTS { ?l a ?c . ?c rdfs:subClassOf* k:Law } AS ?law) } ORDER BY ?l");
        List<String> shown = kb.read(m -> laws.stream().map(row -> m.shortForm(row.get("l"))).toList());
        for (int i = 0; i < laws.size(); i++) {
            if (!cited.contains(laws.get(i).get("l")) && !cited.contains(shown.get(i))) {
                (Boolean.parseBoolean(laws.get(i).get("law")) ? unmade : untyped).add(shown.get(i));
            }
        }
        List<String> notes = new ArrayList<>();
        if (!unmade.isEmpty()) {
            notes.add("the graph states " + unmade.size() + " law(s) in logic (k:formula) that no rule made a constraint of ("
                    + listed(unmade) + "): add rules/packs/formulas.drl to knowledge.rules");
        }
        if (!untyped.isEmpty()) {
            notes.add("the graph gives " + untyped.size() + " formula(s) (k:formula) to something not typed a law, which no"
                    + " rule reads (" + listed(untyped) + "): state each a law, e.g. " + untyped.get(0) + " a k:Law");
        }
        return notes;
    }

    /** The first five names, and how many more. */
    private static String listed(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(5, names.size())))
                + (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "");
    }

    /** The triples stating a formula ({@code law k:formula "…"}) among the constraint's provenance. */
    private static java.util.stream.Stream<SourceTriple> formulaTriples(ConstraintSpec c) {
        return c.provenance().triples().stream().filter(t -> t.predicate().endsWith("formula"));
    }

    /** The triple stating the formula ({@code law k:formula "…"}) among the constraint's provenance, if any. */
    static java.util.Optional<SourceTriple> formulaTriple(ConstraintSpec c) {
        return formulaTriples(c).findFirst();
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
