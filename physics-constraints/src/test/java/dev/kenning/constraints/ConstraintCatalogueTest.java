package dev.kenning.constraints;

import dev.kenning.constraints.ConstraintKind.Family;
import dev.kenning.constraints.ConstraintKind.Logic;
import dev.kenning.core.ConstraintSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind is registered once and answers for itself: what it needs, what it implies, what loss it is. */
class ConstraintCatalogueTest {
    private static final ConstraintCatalogue CATALOGUE = ConstraintCatalogue.standard();

    private static ConstraintSpec freeFall(String gUnit, String dtUnit) {
        return ConstraintSpec.builder("free-fall").bind("height").param("g", 9.81, gUnit).param("dt", 1 / 15.0, dtUnit)
                .rule("law").build();
    }

    private static ConstraintSpec range(double min, String minUnit, double max, String maxUnit) {
        return ConstraintSpec.builder("range").bind("height").param("min", min, minUnit).param("max", max, maxUnit)
                .rule("range").build();
    }

    @Test
    void anUnknownKindIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CATALOGUE.check(ConstraintSpec.builder("free-falll").bind("height").rule("r").build()));
        assertTrue(e.getMessage().contains("unknown kind 'free-falll'"), e.getMessage());
        assertTrue(e.getMessage().contains("free-fall") && e.getMessage().contains("mutually-exclusive"), e.getMessage());
    }

    @Test
    void aMissingParameterOrAWrongUnitIsRefusedByName() {
        ConstraintSpec noG = ConstraintSpec.builder("free-fall").bind("height").param("dt", 0.1, "s").rule("r").build();
        assertEquals("constraint 'free-fall' needs the parameter 'g'; it has [dt]",
                assertThrows(IllegalArgumentException.class, () -> CATALOGUE.check(noG)).getMessage());
        assertEquals("parameter 'dt' of constraint 'free-fall' is in 'ms'; valid units: [s]",
                assertThrows(IllegalArgumentException.class, () -> CATALOGUE.check(freeFall("m/s^2", "ms"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CATALOGUE.check(freeFall("m/s", "s")));
        CATALOGUE.check(freeFall("m s-2", "s")); // another spelling of the same unit
        String mixed = assertThrows(IllegalArgumentException.class,
                () -> CATALOGUE.check(range(0, "m", 3, "cm"))).getMessage();
        assertTrue(mixed.contains("must share a unit"), mixed);
    }

    @Test
    void theLossesOwnChecksRunWhenTheConstraintIsChecked() {
        String message = assertThrows(IllegalArgumentException.class, () -> CATALOGUE.check(range(3, "m", 0, "m"))).getMessage();
        assertTrue(message.contains("max > min"), message);
    }

    @Test
    void bindingsAreCounted() {
        ConstraintSpec twoOutputs = ConstraintSpec.builder("spread").bind("a").bind("b").param("min_std", 0.1, "m").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CATALOGUE.check(twoOutputs)).getMessage()
                .contains("binds 1 output, got 2"));
        ConstraintSpec oneLabel = ConstraintSpec.builder("exactly-one").bind("class:a").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CATALOGUE.check(oneLabel)).getMessage()
                .contains("binds at least 2 outputs"));
        CATALOGUE.check(ConstraintSpec.builder("attributes-imply-class").bind("attr:a").bind("attr:b").bind("class:c")
                .param("attributes", 2, "").build());
    }

    @Test
    void eachKindSaysWhatItImplies() {
        assertTrue(CATALOGUE.find("free-fall").orElseThrow().fixesSign());
        assertFalse(CATALOGUE.find("constant-velocity").orElseThrow().fixesSign());
        assertTrue(CATALOGUE.find("range").orElseThrow().givesRange());
        assertEquals(Family.ANTI_TRIVIAL, CATALOGUE.find("spread").orElseThrow().family());
        assertEquals(Logic.NOT_BOTH, CATALOGUE.find("mutually-exclusive").orElseThrow().logic());
        assertInstanceOf(FreeFallConstraint.class, CATALOGUE.loss(freeFall("m/s^2", "s")));
        assertThrows(IllegalArgumentException.class,
                () -> CATALOGUE.loss(ConstraintSpec.builder("implies").bind("a").bind("b").build()));
        for (ConstraintKind kind : CATALOGUE.kinds()) {
            assertEquals(kind.family() == Family.LOGIC, kind.loss() == null, kind.name());
        }
    }

    @Test
    void derivedConstraintsAnswerForTheOutput() {
        DerivedConstraints law = DerivedConstraints.of(List.of(freeFall("m/s^2", "s"), range(0, "m", 3, "m")));
        assertEquals("height", law.boundOutput());
        assertTrue(law.signFixed());
        assertEquals(1.5, law.outputStart(), 1e-12);
        assertEquals("m", law.outputUnit());
        DerivedConstraints walking = DerivedConstraints.of(List.of(ConstraintSpec.builder("constant-velocity")
                .bind("x").param("dt", 0.1, "s").build()));
        assertFalse(walking.signFixed());
        assertEquals(0.0, walking.outputStart());
        assertEquals("", walking.outputUnit());
        DerivedConstraints two = DerivedConstraints.of(List.of(freeFall("m/s^2", "s"), ConstraintSpec.builder("spread")
                .bind("x").param("min_std", 0.1, "m").build()));
        assertTrue(assertThrows(IllegalArgumentException.class, two::boundOutput).getMessage()
                .contains("several outputs [height, x]"));
    }
}
