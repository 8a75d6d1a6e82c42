package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.workbench.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rule that derives a constraint its kind does not accept fails when the rules fire, naming the
 * rule and where it is written, before any data is read or any run folder made.
 */
class ConstraintCheckTest {
    private static final Workbench WORKBENCH = Workbench.create(WorkbenchConfig.notRecording());
    private static final String RULE = "free-fall law constrains observed height";

    @TempDir
    Path tmp;

    private InputError deriveFails(ExperimentFixture f) {
        return assertThrows(InputError.class, () -> WORKBENCH.derive(ExperimentSpec.load(f.spec)));
    }

    @Test
    void aMisspeltKindNamesTheRuleAndItsLine() throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        ExperimentFixture.replace(f.rules, "ConstraintSpec.builder(\"free-fall\")", "ConstraintSpec.builder(\"free-falll\")");
        InputError e = deriveFails(f);
        assertEquals(f.rules + ":" + ExperimentFixture.lineOf(f.rules, "rule \"" + RULE + "\"") + ":1", e.where());
        assertTrue(e.getMessage().contains("rule '" + RULE + "' derived a constraint of unknown kind 'free-falll'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("known kinds: [attributes-imply-class"), e.getMessage());
    }

    @Test
    void aWrongUnitNamesTheParameterAndTheUnitsItTakes() throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        ExperimentFixture.replace(f.rules, ".param(\"dt\", 1.0 / $o.getFrameRate(), \"s\")\n            .weight(1.0)",
                ".param(\"dt\", 1.0 / $o.getFrameRate(), \"ms\")\n            .weight(1.0)");
        InputError e = deriveFails(f);
        assertTrue(e.where().startsWith(f.rules + ":"), e.where());
        assertTrue(e.getMessage().endsWith("parameter 'dt' of constraint 'free-fall' is in 'ms'; valid units: [s]"),
                e.getMessage());
    }

    @Test
    void gravityThatIsNotPhysicsIsRefusedNamingTheTripleItCameFrom() throws Exception {
        for (String g : new String[]{"-9.81", "0.0", "1e308"}) {
            ExperimentFixture f = new ExperimentFixture(Files.createDirectories(tmp.resolve("g" + g)));
            ExperimentFixture.replace(f.ontology, "k:value \"9.81\"^^xsd:double", "k:value \"" + g + "\"^^xsd:double");
            InputError e = deriveFails(f);
            assertTrue(e.getMessage().contains("free fall needs g > 0 m/s²"), e.getMessage());
            assertTrue(e.getMessage().contains("got " + Double.parseDouble(g)), e.getMessage());
            assertTrue(e.getMessage().contains("k:value"), "names the statement: " + e.getMessage());
        }
    }

    @Test
    void aRunWithABadRuleLeavesNoRunFolder() throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        ExperimentFixture.replace(f.rules, ".param(\"g\", $g.value(), $g.unit())", "");
        Path out = tmp.resolve("run");
        InputError e = assertThrows(InputError.class,
                () -> WORKBENCH.run(ExperimentSpec.load(f.spec), out, RunListener.SILENT));
        assertTrue(e.getMessage().contains("needs the parameter 'g'"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
