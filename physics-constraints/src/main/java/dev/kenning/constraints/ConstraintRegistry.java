package dev.kenning.constraints;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Maps a {@link ConstraintSpec}'s kind to the loss that implements it. */
public final class ConstraintRegistry {
    private final Map<String, Function<ConstraintSpec, Constraint>> factories = new TreeMap<>();

    /** The kinds Kenning ships with. */
    public static ConstraintRegistry standard() {
        ConstraintRegistry r = new ConstraintRegistry();
        r.register("free-fall", s -> new FreeFallConstraint(single(s), s.param("g"), s.param("dt")));
        r.register("constant-velocity", s -> new ConstantVelocityConstraint(single(s), s.param("dt")));
        r.register("constant-acceleration", s -> new ConstantAccelerationConstraint(single(s), s.param("dt")));
        r.register("harmonic", s -> new HarmonicMotionConstraint(single(s), s.param("omega"), s.param("dt")));
        r.register("spread", s -> new SpreadTerm(single(s), s.param("min_std")));
        r.register("range", s -> new RangeTerm(single(s), s.param("min"), s.param("max")));
        return r;
    }

    public void register(String kind, Function<ConstraintSpec, Constraint> factory) {
        factories.put(kind, factory);
    }

    public Map<String, Function<ConstraintSpec, Constraint>> kinds() {
        return Collections.unmodifiableMap(factories);
    }

    /** The loss for a spec, or an error naming the kind, the rule that derived it and the kinds known. */
    public Constraint create(ConstraintSpec spec) {
        Function<ConstraintSpec, Constraint> f = factories.get(spec.kind());
        if (f == null) {
            throw new InputError("rule '" + spec.provenance().rule() + "'",
                    "derived a constraint of unknown kind '" + spec.kind() + "'; known kinds: " + factories.keySet());
        }
        try {
            return f.apply(spec);
        } catch (IllegalArgumentException e) {
            throw new InputError("rule '" + spec.provenance().rule() + "'", e.getMessage(), e);
        }
    }

    private static String single(ConstraintSpec s) {
        if (s.bindings().size() != 1) {
            throw new IllegalArgumentException("constraint '" + s.kind() + "' binds one output, got " + s.bindings());
        }
        return s.bindings().get(0);
    }
}
