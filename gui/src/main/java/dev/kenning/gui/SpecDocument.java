package dev.kenning.gui;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spec file as plain YAML maps, addressed by key path ({@code "training.steps"}), for the form
 * to read and write. Whether the values make a valid spec is the spec loaders' question.
 */
final class SpecDocument {
    private SpecDocument() {
    }

    /** The file's top mapping; an unreadable or malformed file gives an empty one (the loader says why). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path spec) {
        try (Reader r = Files.newBufferedReader(spec)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            return doc instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    static Object get(Map<String, Object> doc, String path) {
        Object cur = doc;
        for (String p : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(p);
        }
        return cur;
    }

    /** Sets the value at {@code path}, making the sections on the way; null removes the key. */
    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> doc, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> cur = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = cur.get(parts[i]);
            if (!(next instanceof Map)) {
                if (value == null) {
                    return;
                }
                next = new LinkedHashMap<String, Object>();
                cur.put(parts[i], next);
            }
            cur = (Map<String, Object>) next;
        }
        if (value == null) {
            cur.remove(parts[parts.length - 1]);
        } else {
            cur.put(parts[parts.length - 1], value);
        }
    }

    /** Block-style YAML, as the loaders read it; comments of the original are not kept. */
    static String dump(Map<String, Object> doc) {
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        opts.setIndent(2);
        return "# Edited in the Kenning desktop workbench.\n" + new Yaml(opts).dump(doc);
    }
}
