package dev.kenning.core;

/** Cells of the CSV tables Kenning writes (RFC 4180): a cell with a comma, a quote or a line break is quoted. */
public final class Csv {
    private Csv() {
    }

    /** {@code text} as one cell: as it is, or in double quotes with its quotes doubled. */
    public static String cell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
