package dev.kenning.workbench.edit;

import dev.kenning.workbench.KnowledgeStore;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One knowledge edit as it was written: a description for the undo menu, the IRI it was about
 * (a new class, a renamed one), and the bytes of every file it changed, before and after, so
 * undo and redo put them back exactly.
 */
public record Edit(String description, String subject, Map<Path, byte[]> before, Map<Path, byte[]> after) {
    public Edit {
        before = Map.copyOf(new LinkedHashMap<>(before));
        after = Map.copyOf(new LinkedHashMap<>(after));
    }

    /** The files the edit changed. */
    public Set<Path> files() {
        return after.keySet();
    }

    /** Imports the changed files into the store again, each into the graph named after it. */
    public void importInto(KnowledgeStore store) {
        store.load(List.copyOf(files()));
    }
}
