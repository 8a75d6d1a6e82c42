package dev.kenning.kg;

import dev.kenning.core.InputError;
import dev.kenning.kg.AttributeTable.Cell;
import dev.kenning.kg.AttributeTable.Parsed;
import dev.kenning.kg.AttributeTable.Row;
import dev.kenning.kg.AttributeTable.Scale;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A class × attribute matrix as the zero-shot datasets ship it: a {@code .txt} of numbers only,
 * one row per class and one column per attribute, separated by spaces or tabs, its names in files
 * of their own, one name per line, each optionally after its number.
 * <ul>
 *   <li>AwA2: {@code predicate-matrix-binary.txt} or {@code predicate-matrix-continuous.txt},
 *       beside {@code classes.txt} and {@code predicates.txt};</li>
 *   <li>CUB-200-2011: {@code CUB_200_2011/attributes/class_attribute_labels_continuous.txt}, its
 *       classes in {@code CUB_200_2011/classes.txt} and its attributes in {@code attributes.txt}
 *       above that.</li>
 * </ul>
 * The names are looked for beside the matrix, then in the folders above it, two at most:
 * {@code classes.txt}, then {@code predicates.txt} or else {@code attributes.txt}. A matrix of 0 and
 * 1 reads as a CSV table's cells; one holding numbers above 1 is on 0 … 100 (both datasets'
 * continuous matrices), each read as that percentage, and a negative number is unknown.
 */
final class PredicateMatrix {
    static final String CLASSES = "classes.txt";
    static final List<String> ATTRIBUTES = List.of("predicates.txt", "attributes.txt");
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("\\S+");

    private PredicateMatrix() {
    }

    /** Whether {@code file} is read as a matrix: a {@code .txt} that is no names file itself. */
    static boolean isMatrix(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt") && !isNames(file);
    }

    /** Whether {@code file} is one of a matrix's names files ({@code classes.txt}, {@code predicates.txt}, {@code attributes.txt}). */
    static boolean isNames(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.equals(CLASSES) || ATTRIBUTES.contains(name);
    }

    static Parsed parse(Path file) {
        List<String> lines = AttributeTable.lines(file);
        Path classFile = find(file, List.of(CLASSES));
        Path attributeFile = find(file, ATTRIBUTES);
        if (classFile == null || attributeFile == null) {
            throw new InputError(file.toString(), "read as a class × attribute matrix (numbers only, one row per class), whose"
                    + " names are in files of their own, but " + (classFile == null ? CLASSES : String.join(" or ", ATTRIBUTES))
                    + " is neither beside it nor in the two folders above (AwA2's and CUB-200-2011's layouts: one name per line,"
                    + " optionally numbered); or write it as a CSV table with a header naming the attributes");
        }
        List<Cell> classes = names(classFile);
        List<Cell> attributes = names(attributeFile);
        List<Row> rows = new ArrayList<>();
        boolean percent = false;
        for (int i = 0; i < lines.size(); i++) {
            List<Cell> cells = numbers(lines.get(i), file, i + 1);
            if (cells.isEmpty()) {
                continue;
            }
            if (cells.size() != attributes.size()) {
                throw new InputError(file + ":" + (i + 1) + ":1", "has " + cells.size() + " numbers where " + attributeFile
                        + " names " + attributes.size() + " attributes");
            }
            if (rows.size() == classes.size()) {
                throw new InputError(file + ":" + (i + 1) + ":1", "one row more than the " + classes.size() + " classes "
                        + classFile + " names");
            }
            for (Cell c : cells) {
                percent |= value(c) > 1;
            }
            rows.add(new Row(classes.get(rows.size()), cells));
        }
        if (rows.size() != classes.size()) {
            throw new InputError(file.toString(), rows.size() + " rows where " + classFile + " names " + classes.size()
                    + " classes");
        }
        return new Parsed(attributes, rows, percent ? Scale.PERCENT : Scale.UNIT);
    }

    /** The matrix and the names files it would read (those found). */
    static List<Path> filesRead(Path file) {
        List<Path> files = new ArrayList<>(List.of(file));
        for (Path names : new Path[]{find(file, List.of(CLASSES)), find(file, ATTRIBUTES)}) {
            if (names != null) {
                files.add(names);
            }
        }
        return files;
    }

    /** The first of {@code names} beside {@code file}, else in its parent's folder, else in that one's parent. */
    private static Path find(Path file, List<String> names) {
        Path folder = file.toAbsolutePath().getParent();
        for (int up = 0; up < 3 && folder != null; up++, folder = folder.getParent()) {
            for (String name : names) {
                if (Files.isRegularFile(folder.resolve(name))) {
                    return folder.resolve(name);
                }
            }
        }
        return null;
    }

    /** One name per non-blank line, after its number if the line starts with one ({@code "  1\tantelope"}). */
    static List<Cell> names(Path file) {
        List<String> lines = AttributeTable.lines(file);
        List<Cell> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String name = trimmed.replaceFirst("^\\d+\\s+(?=\\S)", "");
            names.add(new Cell(name, file, i + 1, line.indexOf(name) + 1));
        }
        return names;
    }

    /** The numbers of a line, each where it stands; anything else is an error there. */
    private static List<Cell> numbers(String line, Path file, int lineNo) {
        List<Cell> cells = new ArrayList<>();
        java.util.regex.Matcher m = TOKEN.matcher(line);
        while (m.find()) {
            Cell c = new Cell(m.group(), file, lineNo, m.start() + 1);
            if (Double.isNaN(value(c))) {
                throw new InputError(c.where(), "'" + c.text() + "' is not a number; a class × attribute matrix holds numbers"
                        + " only, separated by spaces or tabs (its names are in " + CLASSES + " and "
                        + String.join(" or ", ATTRIBUTES) + ")");
            }
            cells.add(c);
        }
        return cells;
    }

    private static double value(Cell c) {
        try {
            return Double.parseDouble(c.text());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
