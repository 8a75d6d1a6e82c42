package dev.kenning.workbench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.AtomicFile;
import dev.kenning.core.InputError;
import dev.kenning.core.run.RunConstraints;
import dev.kenning.core.run.RunFolder;
import dev.kenning.core.run.RunStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code report.html} into a completed run folder: metrics, the constraints with their
 * provenance (rule and triples) and the hashes of the knowledge behind them, the loss curves and
 * trajectories, and the resolved spec. One file with the plots embedded as data URIs and no
 * scripts or remote styles, so it opens offline and survives being mailed or copied alone.
 */
public final class RunReport {
    public static final String FILE = RunFolder.REPORT;

    private RunReport() {
    }

    /** Writes (or rewrites) the report of the run in {@code folder}; returns its path. */
    public static Path write(Path folder) {
        FinishedRun run = FinishedRun.read(folder);
        Path file = run.runFolder().reportFile();
        try {
            AtomicFile.write(file, html(run).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw AtomicFile.cannotWrite(file, e);
        }
        return file;
    }

    static String html(FinishedRun run) throws IOException {
        RunFolder runFolder = run.runFolder();
        Path folder = run.folder();
        StringBuilder h = new StringBuilder();
        String title = run.experiment() + (run.seed() == null ? "" : ", " + run.seedLabel());
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kenning run: ")
                .append(esc(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:left}td.n{text-align:right;font-family:monospace}code,pre{font-size:90%}")
                .append("pre{background:#f6f6f6;padding:.8em;overflow:auto}img{max-width:100%;border:1px solid #ddd}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p>Run folder <code>")
                .append(esc(folder.toAbsolutePath().normalize().toString())).append("</code>")
                .append(esc(statusLine(runFolder))).append("</p>\n");

        for (String warning : runFolder.metrics().warnings()) {
            h.append("<p style=\"background:#fde8e8;border:1px solid #c33;padding:.6em\"><b>Warning:</b> ")
                    .append(esc(warning)).append("</p>\n");
        }
        // the notes and warnings the run printed as it went (log.txt), where a reader looks first
        List<String> log = Files.isRegularFile(runFolder.logFile()) ? Files.readAllLines(runFolder.logFile()) : List.of();
        List<String> said = log.stream().filter(l -> l.startsWith("note: ") || l.startsWith("warning: ")).toList();
        if (!said.isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul>\n");
            for (String line : said) {
                h.append(line.startsWith("warning: ") ? "<li><b>Warning:</b> " + esc(line.substring(9)) : "<li>" + esc(line.substring(6)))
                        .append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<h2>Metrics</h2>\n<table><tr><th>metric</th><th>value</th></tr>\n");
        for (Map.Entry<String, Double> m : run.metrics().entrySet()) {
            // NaN is a metric the run could not measure (no labelled test frame, one seed's interval)
            h.append("<tr><td>").append(esc(m.getKey())).append("</td><td class=\"n\">")
                    .append(m.getValue().isNaN() ? "not measured" : String.format(Locale.ROOT, "%.6g", m.getValue()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Plots</h2>\n");
        int plots = 0;
        for (String plot : RunFolder.PLOTS) {
            Path png = runFolder.plot(plot);
            if (Files.isRegularFile(png)) {
                plots++;
                h.append("<h3>").append(plot).append("</h3>\n<img alt=\"").append(plot)
                        .append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\">\n");
            }
        }
        if (plots == 0) {
            h.append("<p>No plots in the run folder.</p>\n");
        }

        h.append("<h2>Constraints and their provenance</h2>\n");
        constraints(runFolder.constraints(), h);

        if (!log.isEmpty()) {
            h.append("<h2>What the run said</h2>\n<pre>").append(esc(String.join("\n", log))).append("</pre>\n");
        }

        h.append("<h2>Spec as run</h2>\n");
        Path spec = runFolder.specFile();
        h.append(Files.isRegularFile(spec) ? "<pre>" + esc(Files.readString(spec)) + "</pre>\n"
                : "<p>" + RunFolder.SPEC + ": not in the run folder.</p>\n");
        Map<String, String> environment = runFolder.environment();
        if (!environment.isEmpty()) {
            h.append("<h2>Made with</h2>\n<table>\n");
            environment.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                    .append("</td></tr>\n"));
            h.append("</table>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The most constraints of one kind the report (and {@code kenning constraints}) shows in full; constraints.json holds every one. */
    public static final int SHOWN_PER_KIND = 50;

    /**
     * How many constraints of each kind, then each constraint's kind, bindings, parameters and
     * weight, the rule that derived it and the triples it used, at most {@link #SHOWN_PER_KIND} of a kind.
     */
    private static void constraints(Optional<RunConstraints> constraints, StringBuilder h) {
        if (constraints.isEmpty()) {
            h.append("<p>" + RunFolder.CONSTRAINTS + ": not in the run folder.</p>\n");
            return;
        }
        JsonNode doc = constraints.get().json();
        // how many of each kind, then at most SHOWN_PER_KIND of each: CUB's knowledge derives 82 500
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        doc.path("constraints").forEach(c -> kinds.merge(c.path("kind").asText(), 1, Integer::sum));
        h.append("<table><tr><th>kind</th><th>constraints</th></tr>\n");
        kinds.forEach((kind, n) -> h.append("<tr><td>").append(esc(kind)).append("</td><td>").append(n).append("</td></tr>\n"));
        h.append("</table>\n");
        Map<String, Integer> shown = new java.util.HashMap<>();
        for (JsonNode c : doc.path("constraints")) {
            String kind = c.path("kind").asText();
            int k = shown.merge(kind, 1, Integer::sum);
            if (k == SHOWN_PER_KIND + 1) {
                h.append("<p><i>… and ").append(kinds.get(kind) - SHOWN_PER_KIND).append(" more ").append(esc(kind))
                        .append(" constraints, each with its provenance in ").append(RunFolder.CONSTRAINTS).append(".</i></p>\n");
            }
            if (k > SHOWN_PER_KIND) {
                continue;
            }
            h.append("<h3>").append(esc(c.path("kind").asText())).append(" on ")
                    .append(esc(c.path("bindings").toString())).append(", weight ")
                    .append(esc(c.path("weight").asText())).append("</h3>\n<p>");
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                h.append("<code>").append(esc(p.getKey())).append(" = ").append(esc(p.getValue().path("value").asText()))
                        .append(' ').append(esc(p.getValue().path("unit").asText())).append("</code> ");
            }
            h.append("</p>\n<p>Rule: <b>").append(esc(c.path("provenance").path("rule").asText()))
                    .append("</b></p>\n<table><tr><th>subject</th><th>predicate</th><th>object</th></tr>\n");
            for (JsonNode t : c.path("provenance").path("triples")) {
                h.append("<tr><td>").append(esc(t.path("subject").asText())).append("</td><td>")
                        .append(esc(t.path("predicate").asText())).append("</td><td>")
                        .append(esc(t.path("object").asText())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h3>Knowledge used (SHA-256)</h3>\n<table><tr><th>file</th><th>sha256</th></tr>\n");
        for (Map<String, String> section : List.of(constraints.get().ontologies(), constraints.get().rules())) {
            section.forEach((file, sha256) -> h.append("<tr><td><code>").append(esc(file)).append("</code></td><td><code>")
                    .append(esc(sha256)).append("</code></td></tr>\n"));
        }
        h.append("</table>\n");
        if (constraints.get().endpoint() != null) {
            h.append("<p>Knowledge read from the SPARQL endpoint <code>")
                    .append(esc(constraints.get().endpoint())).append("</code>.</p>\n");
        }
    }

    /** metrics.json exists only for completed runs; status.json adds when, if it was written yet. */
    private static String statusLine(RunFolder folder) {
        Optional<RunStatus> status;
        try {
            status = folder.status();
        } catch (InputError e) {
            return ", completed.";
        }
        if (status.isEmpty() || status.get().finished() == null) {
            return ", completed.";
        }
        RunStatus s = status.get();
        return ", completed " + s.finished() + (Double.isNaN(s.wallSeconds()) ? "." : " after " + s.wallSeconds() + " s.");
    }

    static String esc(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
