package dev.kenning.rules;

import dev.kenning.core.InputError;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * A decision table as Drools users write them (a {@code RuleSet}, its {@code Import}s and a
 * {@code RuleTable} of CONDITION and ACTION columns, one rule per row), in CSV, turned into DRL by
 * Drools' own spreadsheet compiler. The DRL is then a pack like any other: checked by
 * {@link PackCheck} and compiled by {@link RuleBook}.
 */
public final class DecisionTable {
    private DecisionTable() {
    }

    /**
     * The DRL the table's rows make.
     *
     * @param where the table's file name, for the message
     * @throws InputError if Drools cannot read the table
     */
    public static String drl(String csv, String where) {
        try {
            String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), InputType.CSV);
            if (drl == null || !drl.contains("rule ")) {
                throw new InputError(where, "the decision table makes no rule: it needs a RuleSet row and a RuleTable with rows under it");
            }
            return drl;
        } catch (InputError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputError(where, "not a decision table Drools can read: " + e.getMessage());
        }
    }
}
