package dev.kenning.core;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A constraint the rules derived: which {@code kind} of loss, over which model outputs
 * ({@code bindings}), with which parameters, how strongly ({@code weight}) and why
 * ({@code provenance}). Plain data: the learner looks the kind up in a registry.
 * {@code formula} is the propositional formula of the {@code formula} kind, in its text syntax
 * (docs/formulas.md); null for every other kind, and then left out of the JSON.
 */
public record ConstraintSpec(String kind, List<String> bindings, Map<String, Quantity> params,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String formula,
                             double weight, Provenance provenance) {

    public ConstraintSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(provenance, "provenance");
        bindings = List.copyOf(bindings);
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (formula != null && formula.isBlank()) {
            throw new IllegalArgumentException("formula of '" + kind + "' is empty");
        }
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight of '" + kind + "' must be finite and >= 0, got " + weight);
        }
    }

    /** The value of a parameter, or an error naming the constraint and the parameter. */
    public double param(String name) {
        Quantity q = params.get(name);
        if (q == null) {
            throw new IllegalArgumentException("constraint '" + kind + "' (rule '" + provenance.rule()
                    + "') has no parameter '" + name + "'; it has " + params.keySet());
        }
        return q.value();
    }

    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    /** Fluent construction, convenient from a DRL rule's right-hand side. */
    public static final class Builder {
        private final String kind;
        private final List<String> bindings = new ArrayList<>();
        private final Map<String, Quantity> params = new LinkedHashMap<>();
        private String formula;
        private double weight = 1.0;
        private String rule = "";
        private final LinkedHashSet<SourceTriple> triples = new LinkedHashSet<>();

        private Builder(String kind) {
            this.kind = kind;
        }

        public Builder bind(String output) {
            bindings.add(output);
            return this;
        }

        public Builder param(String name, double value, String unit) {
            params.put(name, Quantity.of(value, unit));
            return this;
        }

        public Builder param(String name, Quantity q) {
            params.put(name, q);
            return this;
        }

        /** Every parameter of {@code all} (a law's, say), in its order. */
        public Builder params(Map<String, Quantity> all) {
            params.putAll(all);
            return this;
        }

        /** The formula of a {@code formula} constraint, in the text syntax of docs/formulas.md. */
        public Builder formula(String text) {
            this.formula = text;
            return this;
        }

        public Builder weight(double w) {
            this.weight = w;
            return this;
        }

        public Builder rule(String ruleName) {
            this.rule = ruleName;
            return this;
        }

        public Builder because(Collection<SourceTriple> used) {
            triples.addAll(used);
            return this;
        }

        public ConstraintSpec build() {
            return new ConstraintSpec(kind, bindings, params, formula, weight, new Provenance(rule, new ArrayList<>(triples)));
        }
    }
}
