package dev.kenning.constraints;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.Quantity;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The constraints the rules derived for one experiment, read through the catalogue: what they
 * imply about the model's output (which output they bind, whether the sign is fixed, its range,
 * unit and a good starting value) and the sequence losses they become. The workbench, the bench
 * and the exported bundle ask this instead of looking at kinds themselves.
 */
public final class DerivedConstraints {
    private final List<ConstraintSpec> all;
    private final ConstraintCatalogue catalogue;

    /** The output's range [min, max] in {@code unit}, as a range constraint gives it. */
    public record OutputRange(double min, double max, String unit) {
        public double middle() {
            return (min + max) / 2;
        }
    }

    public DerivedConstraints(List<ConstraintSpec> all, ConstraintCatalogue catalogue) {
        this.all = List.copyOf(all);
        this.catalogue = catalogue;
    }

    public static DerivedConstraints of(List<ConstraintSpec> all) {
        return new DerivedConstraints(all, ConstraintCatalogue.standard());
    }

    public List<ConstraintSpec> all() {
        return all;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** Every output any constraint binds, sorted. */
    public Set<String> boundOutputs() {
        Set<String> outputs = new TreeSet<>();
        all.forEach(c -> outputs.addAll(c.bindings()));
        return outputs;
    }

    /**
     * The one output the constraints bind (a sequence regressor predicts one quantity).
     *
     * @throws IllegalArgumentException when they bind none or several
     */
    public String boundOutput() {
        Set<String> outputs = boundOutputs();
        if (outputs.size() != 1) {
            throw new IllegalArgumentException("the derived constraints bind " + (outputs.isEmpty() ? "no output"
                    : "several outputs " + outputs) + "; a regression experiment needs exactly one (k:modelOutput)");
        }
        return outputs.iterator().next();
    }

    /** True when a law among them fixes the sign of the output; else only |r| with the truth means anything. */
    public boolean signFixed() {
        return all.stream().map(c -> catalogue.find(c.kind())).flatMap(Optional::stream).anyMatch(ConstraintKind::fixesSign);
    }

    /** Whether {@code c} states a physical law (its kind's family), as against an anti-trivial or logic term. */
    public boolean isLaw(ConstraintSpec c) {
        return catalogue.find(c.kind()).map(k -> k.family() == ConstraintKind.Family.LAW).orElse(false);
    }

    /** The output's range, from the first constraint whose kind gives one. */
    public Optional<OutputRange> outputRange() {
        for (ConstraintSpec c : all) {
            Optional<ConstraintKind> kind = catalogue.find(c.kind());
            if (kind.isPresent() && kind.get().givesRange()) {
                Quantity min = c.params().get("min");
                Quantity max = c.params().get("max");
                return Optional.of(new OutputRange(min.value(), max.value(), min.unit()));
            }
        }
        return Optional.empty();
    }

    /** Where the output starts before training: the middle of its range if the knowledge gives one, else 0. */
    public double outputStart() {
        return outputRange().map(OutputRange::middle).orElse(0.0);
    }

    /** The output's unit, from its range; "" when no constraint gives one. */
    public String outputUnit() {
        return outputRange().map(OutputRange::unit).orElse("");
    }

    /** The kinds present, sorted. */
    public Set<String> kinds() {
        Set<String> kinds = new TreeSet<>();
        all.forEach(c -> kinds.add(c.kind()));
        return kinds;
    }

    /** The sequence loss of one of them. */
    public Constraint loss(ConstraintSpec c) {
        return catalogue.loss(c);
    }
}
