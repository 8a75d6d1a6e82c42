package dev.kenning.workbench.cli;

import org.apache.jena.shared.PrefixMapping;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SELECT results as aligned columns, IRIs shortened with the store's prefixes ({@code fa:Sandal}). */
final class ResultTable {

    private ResultTable() {
    }

    static void print(List<String> vars, List<Map<String, String>> rows, PrefixMapping names, PrintStream out) {
        List<List<String>> cells = new ArrayList<>();
        int[] width = vars.stream().mapToInt(String::length).toArray();
        for (Map<String, String> row : rows) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < vars.size(); i++) {
                String shown = names.shortForm(row.getOrDefault(vars.get(i), ""));
                line.add(shown);
                width[i] = Math.max(width[i], shown.length());
            }
            cells.add(line);
        }
        out.println(line(vars, width));
        for (List<String> line : cells) {
            out.println(line(line, width));
        }
    }

    private static String line(List<String> values, int[] width) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            text.append(String.format("%-" + width[i] + "s  ", values.get(i)));
        }
        return text.toString().stripTrailing();
    }
}
