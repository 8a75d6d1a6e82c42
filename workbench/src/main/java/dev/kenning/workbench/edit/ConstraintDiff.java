package dev.kenning.workbench.edit;

import dev.kenning.core.ConstraintSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The effect of a knowledge or rule edit on what the rules derive, before any training: the
 * constraints added, removed and changed (same kind and rule over the same outputs, or over
 * outputs one of which contains the other; other parameters, weight or triples), each with its provenance, and the kinds the edit leaves with no constraint at all.
 */
public record ConstraintDiff(List<ConstraintSpec> added, List<ConstraintSpec> removed, List<Change> changed,
                             Set<String> kindsEmptied) {
    public ConstraintDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        kindsEmptied = Set.copyOf(kindsEmptied);
    }

    /** One constraint before and after. */
    public record Change(ConstraintSpec before, ConstraintSpec after) {
    }

    /**
     * Constraints are matched by kind, bound outputs and rule, then (for what is left) by kind and rule with
     * one's outputs containing the other's; identical ones are left out.
     */
    public static ConstraintDiff between(List<ConstraintSpec> before, List<ConstraintSpec> after) {
        Map<List<Object>, List<ConstraintSpec>> left = byKey(before);
        Map<List<Object>, List<ConstraintSpec>> right = byKey(after);
        List<ConstraintSpec> added = new ArrayList<>();
        List<ConstraintSpec> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (Map.Entry<List<Object>, List<ConstraintSpec>> e : left.entrySet()) {
            List<ConstraintSpec> was = new ArrayList<>(e.getValue());
            List<ConstraintSpec> now = new ArrayList<>(right.getOrDefault(e.getKey(), List.of()));
            // identical constraints cancel first, whatever their order
            for (var it = was.iterator(); it.hasNext(); ) {
                ConstraintSpec c = it.next();
                if (now.remove(c)) {
                    it.remove();
                }
            }
            int paired = Math.min(was.size(), now.size());
            for (int i = 0; i < paired; i++) {
                changed.add(new Change(was.get(i), now.get(i)));
            }
            removed.addAll(was.subList(paired, was.size()));
            added.addAll(now.subList(paired, now.size()));
        }
        right.forEach((k, v) -> {
            if (!left.containsKey(k)) {
                added.addAll(v);
            }
        });
        // a constraint over a set of outputs that grew or shrank (a class's attribute profile) changed, rather than went
        for (var it = removed.iterator(); it.hasNext(); ) {
            ConstraintSpec was = it.next();
            ConstraintSpec now = added.stream().filter(c -> c.kind().equals(was.kind())
                    && Objects.equals(c.provenance().rule(), was.provenance().rule())
                    && (c.bindings().containsAll(was.bindings()) || was.bindings().containsAll(c.bindings()))).findFirst().orElse(null);
            if (now != null) {
                added.remove(now);
                it.remove();
                changed.add(new Change(was, now));
            }
        }
        Set<String> emptied = new LinkedHashSet<>();
        before.forEach(c -> emptied.add(c.kind()));
        after.forEach(c -> emptied.remove(c.kind()));
        return new ConstraintDiff(added, removed, changed, emptied);
    }

    private static Map<List<Object>, List<ConstraintSpec>> byKey(List<ConstraintSpec> constraints) {
        Map<List<Object>, List<ConstraintSpec>> out = new LinkedHashMap<>();
        for (ConstraintSpec c : constraints) {
            out.computeIfAbsent(List.of(c.kind(), c.bindings(), Objects.toString(c.provenance().rule())), k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** One line per difference, with the rule and triples behind it, as the Knowledge view lists them. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        added.forEach(c -> out.add("+ " + describe(c)));
        removed.forEach(c -> out.add("− " + describe(c)));
        for (Change ch : changed) {
            ConstraintSpec a = ch.after();
            ConstraintSpec b = ch.before();
            String was = (a.params().equals(b.params()) ? "" : " was " + b.params()) + (a.weight() == b.weight() ? "" : " was weight " + b.weight())
                    + (a.bindings().equals(b.bindings()) ? "" : " was over " + b.bindings())
                    + (a.provenance().triples().equals(b.provenance().triples()) ? "" : " (other triples)");
            out.add("~ " + a.kind() + " " + a.bindings() + (a.params().isEmpty() ? "" : " " + a.params()) + " weight " + a.weight()
                    + " ·" + was + "  ← rule '" + a.provenance().rule() + "' because " + a.provenance().triples());
        }
        return out;
    }

    static String describe(ConstraintSpec c) {
        return c.kind() + " " + c.bindings() + (c.params().isEmpty() ? "" : " " + c.params()) + " weight " + c.weight()
                + "  ← rule '" + c.provenance().rule() + "' because " + c.provenance().triples();
    }

    @Override
    public String toString() {
        return isEmpty() ? "no change in the derived constraints" : String.join("\n", lines());
    }
}
