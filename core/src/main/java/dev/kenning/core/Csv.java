package dev.kenning.core;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CSV tables Kenning writes (RFC 4180): a cell with a comma, a quote or a line break is
 * quoted; a table file is written whole or not at all.
 */
public final class Csv {
    private Csv() {
    }

    /** What writes a table's lines. */
    @FunctionalInterface
    public interface Lines {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Writes a table to {@code file} in UTF-8, its folder made if need be, through {@link AtomicFile}:
     * a failure half-way leaves no half table.
     */
    public static void write(Path file, Lines lines) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFile.write(file.toAbsolutePath(), out -> {
                Writer w = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                lines.writeTo(w);
                w.flush();
            });
        } catch (IOException e) {
            throw AtomicFile.cannotWrite(file, e);
        }
    }

    /** {@code text} as one cell: as it is, or in double quotes with its quotes doubled. */
    public static String cell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
