package dev.kenning.workbench;

import dev.kenning.core.Sha256;
import dev.kenning.workbench.cli.Kenning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.html: written by every completed run, rewritable for old runs, readable with no network. */
class RunReportTest {

    private static int kenning(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Kenning.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aRunWritesASelfContainedReportAndItCanBeRewritten(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        Path run = tmp.resolve("run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, kenning(out, err, "run", f.spec.toString(), "--out", run.toString()), err.toString());
        Path report = run.resolve("report.html");
        assertTrue(Files.isRegularFile(report), "a completed run writes report.html");
        String html = Files.readString(report);

        assertTrue(html.contains("<h1>tiny, seed 5</h1>"), "title from the spec");
        assertTrue(html.matches("(?s).*<td>label_free\\.test_corr</td><td class=\"n\">-?\\d.*"), "metric table");
        assertTrue(html.contains("free-fall law constrains observed height"), "the rule behind the constraint");
        assertTrue(html.contains("<td>k:governedBy</td>"), "the triples behind the constraint");
        assertTrue(html.contains(Sha256.of(f.rules)), "rule pack hash");
        assertTrue(html.contains("image_size: 16"), "the spec as run");
        // Offline: the plots travel inside the file, and nothing is fetched from elsewhere.
        Matcher png = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
        assertTrue(png.find(), "losses.png embedded");
        assertArrayEquals(Files.readAllBytes(run.resolve("losses.png")), Base64.getDecoder().decode(png.group(1)));
        assertTrue(png.find(), "trajectories.png embedded");
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("src=\"http"),
                "no scripts or remote resources");
        // what the console said is kept in log.txt, and shown; plots a task does not draw are not listed as missing
        String log = Files.readString(run.resolve("log.txt"));
        assertTrue(log.startsWith("deriving constraints from ") && log.contains("\nwriting history, plots and metrics to "), log);
        assertTrue(html.contains("<h2>What the run said</h2>") && html.contains("deriving constraints from "), html);
        assertFalse(html.contains("not in the run folder"), html);
        // what made it: the commit, the threads its last digits depend on
        String environment = Files.readString(run.resolve("environment.json"));
        assertTrue(environment.contains("\"kenning_commit\"") && environment.contains("\"omp_num_threads\"")
                && environment.contains("\"cores\" : " + Runtime.getRuntime().availableProcessors()), environment);
        assertTrue(html.contains("<h2>Made with</h2>") && html.contains("<td>nd4j_native</td>"), html);

        // An old run (made before reports existed) gets one on demand.
        Files.delete(report);
        out.reset();
        assertEquals(0, kenning(out, err, "runs", "report", run.toString()));
        assertTrue(out.toString().contains("report.html"));
        // Only the status line differs: status.json gains its finish time after the report is written.
        String again = Files.readString(report);
        assertTrue(again.contains(", completed 20"), "finish time from status.json");
        assertEquals(withoutStatus(html), withoutStatus(again), "the same report, from the folder alone");
    }

    private static String withoutStatus(String html) {
        return html.replaceAll("<p>Run folder .*</p>", "");
    }

    /** Of a kind with more constraints than the report shows, it counts them and points to constraints.json. */
    @Test
    void manyConstraintsOfAKindAreCountedAndTheFirstShown(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("big"));
        Files.writeString(run.resolve("spec.yaml"), "name: big\nseed: 0\n");
        Files.writeString(run.resolve("metrics.json"), "{\"x\": 1.5}");
        StringBuilder json = new StringBuilder("{\"constraints\": [");
        for (int i = 0; i < 120; i++) {
            json.append(i == 0 ? "" : ",").append("{\"kind\": \"mutually-exclusive\", \"bindings\": [\"class:a").append(i)
                    .append("\", \"class:b\"], \"params\": {}, \"weight\": 1.0, \"provenance\": {\"rule\": \"r\", \"triples\": []}}");
        }
        json.append(",{\"kind\": \"implies\", \"bindings\": [\"class:a\", \"class:c\"], \"params\": {}, \"weight\": 1.0,"
                + " \"provenance\": {\"rule\": \"r\", \"triples\": []}}]}");
        Files.writeString(run.resolve("constraints.json"), json);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, kenning(out, err, "runs", "report", run.toString()), err.toString());
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("<tr><td>mutually-exclusive</td><td>120</td></tr>"), html);
        assertTrue(html.contains("… and 70 more mutually-exclusive constraints, each with its provenance in constraints.json"), html);
        assertTrue(html.contains("class:a49&quot;") && !html.contains("class:a50&quot;"), "the first 50 shown");
        assertTrue(html.contains("implies on"), "a kind after a long one is shown");
    }

    @Test
    void textFromTheRunIsEscaped(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(run.resolve("spec.yaml"), "name: a<b & c\nseed: 1\n");
        Files.writeString(run.resolve("metrics.json"), "{\"x\": 1.5, \"label_free.test_corr\": \"NaN\"}");
        Files.writeString(run.resolve("log.txt"), "reading <footage>\nnote: no test frame has a label & so on\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, kenning(out, err, "runs", "report", run.toString()), err.toString());
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("<h1>a&lt;b &amp; c, seed 1</h1>"), html);
        assertTrue(html.contains("<h2>Notes</h2>\n<ul>\n<li>no test frame has a label &amp; so on</li>"), html);
        assertTrue(html.contains("<td>label_free.test_corr</td><td class=\"n\">not measured</td>"), html);
        assertTrue(html.contains("reading &lt;footage&gt;") && html.contains("No plots in the run folder."), html);
        assertTrue(html.contains("constraints.json: not in the run folder"));
        assertFalse(html.contains("a<b"));
    }

    /** A run of several trainings (zero-shot, semi-supervised) names every seed it trained with, not only the first. */
    @Test
    void aRunOfSeveralSeedsSaysWhichInItsTitle(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("zs"));
        Files.writeString(run.resolve("spec.yaml"), "name: zs\nseed: 3\n");
        Files.writeString(run.resolve("metrics.json"), "{\"knowledge.acc\": 0.7, \"seeds\": 5.0}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, kenning(out, err, "runs", "report", run.toString()), err.toString());
        assertTrue(Files.readString(run.resolve("report.html")).contains("<h1>zs, seeds 3–7</h1>"));
    }

    @Test
    void aFolderThatIsNotACompletedRunGetsNoReport(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("failed"));
        Files.writeString(run.resolve("status.json"), "{\"status\":\"failed\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, kenning(out, err, "runs", "report", run.toString()));
        assertTrue(err.toString().contains("not a completed run"), err.toString());
        assertFalse(Files.exists(run.resolve("report.html")));
    }
}
