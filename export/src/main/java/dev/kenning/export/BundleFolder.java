package dev.kenning.export;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.AtomicFile;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import dev.kenning.core.Sha256;
import org.nd4j.autodiff.samediff.SameDiff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What every bundle does with its folder, whatever its model predicts: written into a hidden
 * folder beside it and renamed once complete, so no half bundle is ever left where one was asked
 * for; the run's knowledge files copied after checking they are as the run read them; each network as {@code .sdz} and {@code .onnx}; the manifest
 * written last with its own SHA-256 beside it; and, on loading, the format version and every
 * listed file's SHA-256 checked before anything is read, so an edited or truncated bundle is
 * refused with a message naming the file rather than giving wrong numbers.
 */
final class BundleFolder {
    static final String MANIFEST = ModelBundle.MANIFEST;
    static final String MANIFEST_SHA256 = ModelBundle.MANIFEST_SHA256;
    static final String SAMEDIFF_FILE = ModelBundle.SAMEDIFF_FILE;
    static final String ONNX_FILE = ModelBundle.ONNX_FILE;

    private BundleFolder() {
    }

    /**
     * Runs {@code write} on a hidden folder beside {@code out} ({@code .NAME.partial-PID}) and,
     * once it has written everything, renames that folder to {@code out} (absent, or an empty
     * folder): a failure leaves no half bundle behind, and neither does an export killed midway,
     * whose hidden folder the next export to {@code out} removes once its process is gone.
     */
    static void write(Path out, java.util.function.Consumer<Path> write) {
        Path target = out.toAbsolutePath().normalize();
        requireEmptyOrAbsent(out);
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(target.getParent());
            removeAbandoned(target);
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw AtomicFile.cannotWrite(target.toString(), e);
        }
        try {
            write.accept(partial);
            requireEmptyOrAbsent(out);
            Files.deleteIfExists(target);
            Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw AtomicFile.cannotWrite(target.toString(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    private static void requireEmptyOrAbsent(Path out) {
        try {
            if (Files.isDirectory(out)) {
                try (Stream<Path> s = Files.list(out)) {
                    if (s.findAny().isPresent()) {
                        throw new InputError(out.toString(), "bundle folder exists and is not empty; choose another --out");
                    }
                }
            } else if (Files.exists(out)) {
                throw new InputError(out.toString(), "exists and is not a folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out, e);
        }
    }

    /** Removes the hidden folders that exports to {@code out} left when killed: those whose process is gone. */
    private static void removeAbandoned(Path out) throws IOException {
        String prefix = "." + out.getFileName() + ".partial-";
        try (Stream<Path> s = Files.list(out.getParent())) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                String pid = p.getFileName().toString().substring(prefix.length());
                boolean gone = pid.matches("\\d{1,18}")
                        && ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true);
                if (gone && Files.isDirectory(p)) {
                    deleteQuietly(p);
                }
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            dev.kenning.core.FileTree.delete(folder);
        } catch (IOException e) {
            // best effort: the error being reported matters more than the leftover
        }
    }

    /**
     * Copies the run's knowledge files into {@code out/knowledge/}, each checked to have the
     * SHA-256 the run recorded (or the copies would carry knowledge the model was not trained
     * with); the manifest's {@code knowledge} entries.
     */
    static List<Map<String, Object>> copyKnowledge(List<KnowledgeFile> files, Path out) {
        List<Map<String, Object>> knowledge = new ArrayList<>();
        try {
            Files.createDirectories(out.resolve("knowledge"));
            Set<String> used = new TreeSet<>();
            for (KnowledgeFile k : files) {
                k.requireUnchanged();
                String name = uniqueName(k.path().getFileName().toString(), used);
                Files.copy(k.path(), out.resolve("knowledge").resolve(name));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("role", k.role());
                entry.put("file", "knowledge/" + name);
                entry.put("source", k.path().toString());
                entry.put("sha256", k.sha256());
                knowledge.add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundle to " + out + ": " + e.getMessage(), e);
        }
        return knowledge;
    }

    /**
     * One network of a bundle: its .sdz copied as {@code sdz}, its inference graph from {@code input}
     * to {@code output} written as ONNX to {@code onnx}; both files' SHA-256 added to {@code files}.
     */
    static SameDiff writeNetwork(Path model, Path out, String sdz, String onnx, String input, String output,
                                 boolean int8Weights, Map<String, String> files) {
        return writeNetwork(model, out, sdz, onnx, input, List.of(output), int8Weights, files);
    }

    /** As above, for a network whose ONNX graph has several outputs. */
    static SameDiff writeNetwork(Path model, Path out, String sdz, String onnx, String input, List<String> outputs,
                                 boolean int8Weights, Map<String, String> files) {
        try {
            Files.createDirectories(out.resolve(sdz).getParent());
            Files.copy(model, out.resolve(sdz));
            SameDiff sd = SameDiffPredictor.loadGraph(out.resolve(sdz));
            AtomicFile.write(out.resolve(onnx), OnnxGraphWriter.write(sd, input, outputs, versions().get("kenning").toString(),
                    int8Weights).toByteArray());
            files.put(sdz, Sha256.of(out.resolve(sdz)));
            files.put(onnx, Sha256.of(out.resolve(onnx)));
            return sd;
        } catch (IOException e) {
            throw AtomicFile.cannotWrite(out.resolve(sdz) + " and " + out.resolve(onnx), e);
        }
    }

    /**
     * The manifest's first entries, alike in every bundle: the format and its version, what the
     * model predicts ({@code task}), when, from which run and which of its models, and, for a run
     * that did not complete, how it ended ({@code source_run_incomplete}).
     */
    static Map<String, Object> manifestHead(String task, Path runFolder, String phase) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "kenning-model-bundle");
        doc.put("format_version", ModelBundle.FORMAT_VERSION);
        doc.put("task", task);
        doc.put("created", java.time.Instant.now().toString());
        doc.put("source_run", runFolder.toAbsolutePath().toString());
        // a run that did not complete: its model stands, without the run's metrics, and the bundle says why
        dev.kenning.core.run.RunFolder.of(runFolder).notCompleted().ifPresent(s -> doc.put("source_run_incomplete", s));
        doc.put("phase", phase);
        return doc;
    }

    /**
     * Writes the manifest, then its SHA-256 beside it: written last, so a bundle with a manifest is a
     * bundle whose files are all in place.
     */
    static void seal(Path out, Map<String, Object> manifest) {
        KenningJson.write(out.resolve(MANIFEST), manifest);
        try {
            AtomicFile.write(out.resolve(MANIFEST_SHA256), (Sha256.of(out.resolve(MANIFEST)) + "  " + MANIFEST + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw AtomicFile.cannotWrite(out.resolve(MANIFEST_SHA256), e);
        }
    }

    /** A bundle's manifest, after checking its format version and the SHA-256 of every file it lists. */
    static JsonNode verified(Path folder, int readableVersion) {
        if (!Files.isDirectory(folder)) {
            throw new InputError(folder.toString(), "bundle folder not found");
        }
        Path manifestFile = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InputError(manifestFile.toString(), "missing: not a Kenning model bundle, or an incomplete one");
        }
        JsonNode m;
        try {
            m = KenningJson.mapper().readTree(manifestFile.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? manifestFile.toString() : manifestFile + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new InputError(where, "is corrupted: not valid JSON (" + firstLine(e.getOriginalMessage()) + ")", e);
        } catch (java.io.CharConversionException e) {
            // bytes Jackson takes for another Unicode encoding, which then do not decode (found by fuzzing)
            throw new InputError(manifestFile.toString(), "is corrupted: not valid JSON text (" + firstLine(e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifestFile, e);
        }
        if (m == null || !m.isObject() || !"kenning-model-bundle".equals(m.path("format").asText())) {
            throw new InputError(manifestFile.toString(), "is not a Kenning bundle manifest (no \"format\": \"kenning-model-bundle\")");
        }
        int version = m.path("format_version").asInt(-1);
        if (version > readableVersion) {
            throw new InputError(manifestFile.toString(), "bundle format version " + version + " is newer than this Kenning reads ("
                    + readableVersion + "); update Kenning to load it");
        }
        if (version < 1) {
            throw new InputError(manifestFile.toString(), "has no valid format_version");
        }
        if (version >= 2) {
            checkManifestHash(folder, manifestFile);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        m.path("files").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
        for (JsonNode k : m.path("knowledge")) {
            expected.put(k.path("file").asText(), k.path("sha256").asText());
        }
        if (!expected.containsKey(SAMEDIFF_FILE) || !expected.containsKey(ONNX_FILE)) {
            throw new InputError(manifestFile.toString(), "does not list " + SAMEDIFF_FILE + " and " + ONNX_FILE);
        }
        for (String kind : List.of("sdz", "onnx")) {
            for (JsonNode member : m.path("members").path(kind)) {
                if (!expected.containsKey(member.asText())) {
                    throw new InputError(manifestFile.toString(), "names member network " + member.asText()
                            + " without its SHA-256 under files");
                }
            }
        }
        List<String> missing = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = folder.resolve(e.getKey()).normalize();
            if (!file.startsWith(folder.normalize())) {
                throw new InputError(manifestFile.toString(), "names a file outside the bundle: " + e.getKey());
            }
            if (!Files.isRegularFile(file)) {
                missing.add(e.getKey());
            }
        }
        if (!missing.isEmpty()) {
            // every listed file is checked whichever engine runs the model: a bundle is whole or refused
            throw new InputError(folder.toString(), "the bundle is incomplete: " + String.join(", ", missing) + " missing (its"
                    + " manifest lists " + (missing.size() == 1 ? "it" : "them") + " with a SHA-256, and a bundle is used only"
                    + " whole, whichever engine runs it); export the run again to make a whole bundle: " + reexport(m));
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = folder.resolve(e.getKey()).normalize();
            String actual = Sha256.of(file);
            if (!actual.equals(e.getValue())) {
                throw new InputError(file.toString(), "is corrupted or truncated: its SHA-256 is " + actual.substring(0, 12)
                        + "…, the manifest expects " + abbreviate(e.getValue()));
            }
        }
        return m;
    }

    /** The export command that makes this bundle again, from the run and phase its manifest names, into a new folder. */
    private static String reexport(JsonNode m) {
        String run = m.path("source_run").asText("RUN_DIR");
        String phase = m.path("phase").asText("");
        return "kenning export " + run + (phase.isEmpty() ? "" : " --phase " + phase)
                + (m.path("onnx_weights").asText("").startsWith("int8") ? " --int8" : "") + " --out NEW_BUNDLE";
    }

    /** The manifest against the SHA-256 written beside it when the bundle was exported. */
    private static void checkManifestHash(Path folder, Path manifestFile) {
        Path sidecar = folder.resolve(MANIFEST_SHA256);
        String recorded;
        try {
            recorded = Files.readString(sidecar).trim().split("\\s+")[0];
        } catch (IOException e) {
            throw new InputError(sidecar.toString(), "missing or unreadable: the bundle is incomplete, or its manifest was"
                    + " replaced");
        }
        String actual = Sha256.of(manifestFile);
        if (!actual.equals(recorded)) {
            throw new InputError(manifestFile.toString(), "was edited after export: its SHA-256 is " + actual.substring(0, 12)
                    + "…, " + MANIFEST_SHA256 + " records " + abbreviate(recorded) + " (re-export the run rather than edit"
                    + " the manifest)");
        }
    }

    /** Bytes on disk of every file in the bundle. */
    static long sizeBytes(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> versions() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kenning", property("/kenning-version.properties", "version"));
        v.put("nd4j", property("/META-INF/maven/org.nd4j/nd4j-api/pom.properties", "version"));
        v.put("onnx_ir", OnnxGraphWriter.IR_VERSION);
        v.put("onnx_opset", OnnxGraphWriter.OPSET);
        return v;
    }

    private static String property(String resource, String key) {
        try (InputStream in = BundleFolder.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String uniqueName(String name, Set<String> used) {
        String candidate = name;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = i + "-" + name;
        }
        return candidate;
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : "'" + hash + "'";
    }

    /** Jackson's message without its source-location suffix, which the file:line:col already says. */
    private static String firstLine(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return line.replaceAll("\\s*\\(start marker at \\[Source.*$", "").replaceAll("\\s*at \\[Source.*$", "");
    }
}
