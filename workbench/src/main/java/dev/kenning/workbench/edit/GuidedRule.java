package dev.kenning.workbench.edit;

import dev.kenning.core.InputError;

import java.util.List;
import java.util.Locale;

/**
 * A rule filled in as a form, for the kinds of rule Kenning's packs contain, written out as the
 * readable DRL a programmer would write by hand (the Rules view's editor then shows it):
 * <ul>
 *   <li>{@link LawRule}: when a law of type T governs an observation ⇒ a constraint of kind K on the
 *       observation's output, with the law's parameters and the frame interval dt;</li>
 *   <li>{@link AttributeRule}: when a class has (or lacks) an attribute, both scored ⇒ kind K over
 *       [class, attribute];</li>
 *   <li>{@link DisjointRule}: when two scored classes are disjoint ⇒ kind K over the pair.</li>
 * </ul>
 */
public sealed interface GuidedRule {
    String name();

    /** The rule in DRL, without the package and imports ({@link #pack} adds them). */
    String drl();

    /** A pack of these rules: the package, the imports they use, and the rules. */
    static String pack(String packageName, List<GuidedRule> rules) {
        if (!packageName.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
            throw new InputError("package", "'" + packageName + "' is not a DRL package name (kenning.guided)");
        }
        StringBuilder out = new StringBuilder("// Made with the guided rule editor; edit the forms or this text.\npackage ")
                .append(packageName).append("\n\nimport dev.kenning.core.ConstraintSpec\nimport dev.kenning.core.Quantity\n")
                .append("import dev.kenning.rules.facts.Observation\nimport dev.kenning.rules.facts.Law\n")
                .append("import dev.kenning.rules.facts.ClassOutput\nimport dev.kenning.rules.facts.AttributeOutput\n")
                .append("import dev.kenning.rules.facts.HasAttribute\nimport dev.kenning.rules.facts.LacksAttribute\n")
                .append("import dev.kenning.rules.facts.DisjointWith\n");
        for (GuidedRule r : rules) {
            out.append('\n').append(r.drl());
        }
        return out.toString();
    }

    /** When a law of type {@code lawType} governs an observation ⇒ {@code kind} with the law's {@code parameters}. */
    record LawRule(String name, String lawType, String kind, List<String> parameters, boolean timeStep, double weight)
            implements GuidedRule {
        public LawRule {
            name = ruleName(name);
            if (lawType == null || !lawType.matches("[A-Z][A-Za-z0-9_]*")) {
                throw new InputError("law type", "'" + lawType + "' is not a law class's local name (FreeFall, HarmonicMotion)");
            }
            kind = checkKind(kind);
            parameters = List.copyOf(parameters);
            for (String p : parameters) {
                if (!p.matches("[A-Za-z][A-Za-z0-9_]*")) {
                    throw new InputError("parameter", "'" + p + "' is not a parameter symbol (g, omega)");
                }
            }
            weight = checkWeight(weight);
        }

        @Override
        public String drl() {
            StringBuilder when = new StringBuilder("    $o : Observation( $law : lawIri" + (timeStep ? ", frameRate != null" : "") + " )\n"
                    + "    $l : Law( iri == $law, type == \"" + lawType + "\" )\n");
            StringBuilder then = new StringBuilder("    insert(ConstraintSpec.builder(\"" + kind + "\")\n            .bind($o.getModelOutput())\n");
            for (int i = 0; i < parameters.size(); i++) {
                when.append("    $p").append(i).append(" : Quantity() from $l.param(\"").append(parameters.get(i)).append("\")\n");
                then.append("            .param(\"").append(parameters.get(i)).append("\", $p").append(i).append(".value(), $p").append(i)
                        .append(".unit())\n");
            }
            if (timeStep) {
                then.append("            .param(\"dt\", 1.0 / $o.getFrameRate(), \"s\")\n");
            }
            return "// a law of type " + lawType + " governing an observation ⇒ " + kind + (parameters.isEmpty() ? "" : " with its "
                    + String.join(", ", parameters)) + (timeStep ? " and dt = 1 / frame rate" : "") + "\n"
                    + "rule \"" + name + "\"\nwhen\n" + when + "then\n" + then + "            .weight(" + weight + ")\n"
                    + "            .rule(drools.getRule().getName())\n            .because($o.getTriples())\n"
                    + "            .because($l.getTriples())\n            .build());\nend\n";
        }
    }

    /** When a scored class has (or, {@code lacks}, lacks) a scored attribute ⇒ {@code kind} over [class, attribute]. */
    record AttributeRule(String name, boolean lacks, String kind, double weight) implements GuidedRule {
        public AttributeRule {
            name = ruleName(name);
            kind = checkKind(kind);
            weight = checkWeight(weight);
        }

        @Override
        public String drl() {
            String fact = lacks ? "LacksAttribute" : "HasAttribute";
            return "// a class that " + (lacks ? "lacks" : "has") + " an attribute, both scored by the model ⇒ " + kind
                    + " over [class, attribute]\nrule \"" + name + "\"\nwhen\n"
                    + "    $link : " + fact + "( $cls : classIri, $a : attributeIri )\n"
                    + "    $attr : AttributeOutput( attributeIri == $a )\n"
                    + "    $out : ClassOutput( classIri == $cls )\nthen\n"
                    + "    insert(ConstraintSpec.builder(\"" + kind + "\")\n            .bind($out.getOutput())\n"
                    + "            .bind($attr.getOutput())\n            .weight(" + weight + ")\n"
                    + "            .rule(drools.getRule().getName())\n            .because($link.getTriples())\n"
                    + "            .because($attr.getTriples())\n            .because($out.getTriples())\n            .build());\nend\n";
        }
    }

    /** When two scored classes are disjoint ⇒ {@code kind} over the pair (once, in IRI order). */
    record DisjointRule(String name, String kind, double weight) implements GuidedRule {
        public DisjointRule {
            name = ruleName(name);
            kind = checkKind(kind);
            weight = checkWeight(weight);
        }

        @Override
        public String drl() {
            return "// two disjoint classes, both scored by the model ⇒ " + kind + " over the pair\n"
                    + "rule \"" + name + "\"\nwhen\n    $pair : DisjointWith( $a : first, $b : second )\n"
                    + "    eval( $a.compareTo($b) < 0 )\n    $first : ClassOutput( classIri == $a )\n"
                    + "    $second : ClassOutput( classIri == $b )\nthen\n"
                    + "    insert(ConstraintSpec.builder(\"" + kind + "\")\n            .bind($first.getOutput())\n"
                    + "            .bind($second.getOutput())\n            .weight(" + weight + ")\n"
                    + "            .rule(drools.getRule().getName())\n            .because($pair.getTriples())\n"
                    + "            .because($first.getTriples())\n            .because($second.getTriples())\n            .build());\nend\n";
        }
    }

    private static String ruleName(String name) {
        if (name == null || name.isBlank() || name.contains("\"") || name.contains("\n")) {
            throw new InputError("rule name", "a rule needs a name on one line, without double quotes");
        }
        return name.strip();
    }

    private static String checkKind(String kind) {
        String k = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
        if (!k.matches("[a-z][a-z0-9-]*")) {
            throw new InputError("constraint kind", "'" + kind + "' is not a constraint kind (free-fall, mutually-exclusive)");
        }
        return k;
    }

    private static double checkWeight(double w) {
        if (!(w >= 0) || !Double.isFinite(w)) {
            throw new InputError("weight", "a weight is a finite number >= 0, not " + w);
        }
        return w;
    }
}
