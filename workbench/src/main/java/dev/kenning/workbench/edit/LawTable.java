package dev.kenning.workbench.edit;

import dev.kenning.core.AtomicFile;
import dev.kenning.core.InputError;
import dev.kenning.rules.DecisionTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision table of the physics pack's law rules, one row per kind of law: the law's type, the
 * parameter it must state (or none), the constraint kind it becomes and its weight. It is saved as
 * the CSV decision table Drools users know (RuleSet, Import, RuleTable, CONDITION and ACTION
 * columns; a spreadsheet opens it) and compiled to DRL by Drools' own decision-table compiler.
 * Each row's constraint binds the observation's output, takes every parameter of the law and
 * dt = 1 / frame rate, as the hand-written law rules do. (Drools reads a condition cell whose
 * snippet has no {@code $param} as "field == cell", so the observation's condition takes the
 * frame rate it must exceed, 0.)
 */
public record LawTable(String packageName, List<Row> rows) {
    /** One rule: a law of {@code lawType} (stating {@code parameter}, if any) ⇒ {@code kind} with {@code weight}. */
    public record Row(String lawType, String parameter, String kind, double weight) {
        public Row {
            // the same checks as a guided rule's form
            GuidedRule.LawRule checked = new GuidedRule.LawRule("row", lawType, kind,
                    parameter == null || parameter.isBlank() ? List.of() : List.of(parameter.strip()), true, weight);
            kind = checked.kind();
            parameter = checked.parameters().isEmpty() ? "" : checked.parameters().get(0);
        }
    }

    public LawTable {
        rows = List.copyOf(rows);
        GuidedRule.pack(packageName, List.of()); // checks the name
        if (rows.isEmpty()) {
            throw new InputError("decision table", "it has no rows: add one law type per row");
        }
    }

    /** The table as Drools' CSV decision table. */
    public String csv() {
        StringBuilder out = new StringBuilder();
        out.append("RuleSet,").append(packageName).append(",,\n");
        out.append("Import,\"dev.kenning.core.ConstraintSpec, dev.kenning.rules.facts.Observation, dev.kenning.rules.facts.Law\",,\n");
        out.append("Notes,A law of the row's type governing an observation becomes the row's constraint kind.,,\n");
        out.append(",,,\n");
        out.append("RuleTable law constraints,,,\n");
        out.append("CONDITION,CONDITION,CONDITION,ACTION\n");
        out.append("$o : Observation,$l : Law,,\n");
        out.append(quote("$law : lawIri, frameRate > $param")).append(',').append(quote("iri == $law, type == \"$param\"")).append(',')
                .append(quote("eval($l.param(\"$param\") != null)")).append(',')
                .append(quote("insert(ConstraintSpec.builder(\"$1\").bind($o.getModelOutput()).params($l.getParams())"
                        + ".param(\"dt\", 1.0 / $o.getFrameRate(), \"s\").weight($2).rule(drools.getRule().getName())"
                        + ".because($o.getTriples()).because($l.getTriples()).build());")).append('\n');
        out.append(HEADER).append('\n');
        for (Row r : rows) {
            out.append("0,").append(r.lawType()).append(',').append(r.parameter()).append(',')
                    .append(quote(r.kind() + ", " + r.weight())).append('\n');
        }
        return out.toString();
    }

    private static final String HEADER = "observed at a frame rate above (fps),law type,parameter it must state,\"constraint kind, weight\"";

    private static String quote(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }

    /** The DRL Drools' decision-table compiler makes of {@link #csv()}. */
    public String drl() {
        return DecisionTable.drl(csv(), packageName);
    }

    /**
     * Writes the table ({@code NAME.csv}) and the pack compiled from it ({@code NAME.drl}) beside
     * each other; the pack is what a spec names.
     */
    public Path save(Path csvFile) {
        String name = csvFile.getFileName().toString();
        if (!name.endsWith(".csv")) {
            throw new InputError(csvFile.toString(), "a decision table is saved as .csv");
        }
        String drl = drl();
        Path pack = csvFile.resolveSibling(name.substring(0, name.length() - 4) + ".drl");
        try {
            AtomicFile.write(csvFile, csv().getBytes(StandardCharsets.UTF_8));
            AtomicFile.write(pack, drl.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputError(csvFile.toString(), "cannot write: " + e.getMessage());
        }
        return pack;
    }

    /** A CSV line's cells, double quotes around a cell that holds commas or quotes. */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    /** Reads back a table this class saved: the rows under the RuleTable's header. */
    public static LawTable read(Path csvFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csvFile);
        } catch (IOException e) {
            throw new InputError(csvFile.toString(), "cannot read: " + e.getMessage());
        }
        String pkg = null;
        List<Row> rows = new ArrayList<>();
        boolean inRows = false;
        for (int i = 0; i < lines.size(); i++) {
            List<String> cells = cells(lines.get(i));
            if (cells.get(0).equals("RuleSet") && cells.size() > 1) {
                pkg = cells.get(1).strip();
            } else if (cells.get(0).startsWith("observed at")) {
                inRows = true;
            } else if (inRows && cells.size() >= 4 && !cells.get(0).isBlank()) {
                String[] action = cells.get(3).split(",");
                try {
                    if (action.length != 2) {
                        throw new InputError(csvFile + ":" + (i + 1), "the last cell is 'constraint kind, weight', not '" + cells.get(3) + "'");
                    }
                    rows.add(new Row(cells.get(1).strip(), cells.get(2).strip(), action[0].strip(), Double.parseDouble(action[1].strip())));
                } catch (NumberFormatException e) {
                    throw new InputError(csvFile + ":" + (i + 1), "the weight '" + action[1].strip() + "' is not a number");
                } catch (InputError e) {
                    throw e.where().startsWith(csvFile.toString()) ? e : new InputError(csvFile + ":" + (i + 1), e.getMessage());
                }
            }
        }
        if (pkg == null) {
            throw new InputError(csvFile.toString(), "no RuleSet row: not a law table");
        }
        return new LawTable(pkg, rows);
    }
}
