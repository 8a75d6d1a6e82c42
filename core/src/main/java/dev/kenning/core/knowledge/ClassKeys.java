package dev.kenning.core.knowledge;

import dev.kenning.core.InputError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which class a name stands for, case and punctuation ignored ({@link NameKey}): a class's own
 * name first, then the other names classes go by in the knowledge (labels in any language,
 * equivalent classes' names); a name two classes go by, neither as its own, stands for neither and
 * is refused when asked for. Image folders, a class map and {@code data.held_out} match through it.
 */
public final class ClassKeys {
    private final List<String> classNames;
    private final Map<String, Integer> byKey;
    private final Map<String, Set<Integer>> shared;
    private final Map<String, List<String>> groups;

    private ClassKeys(List<String> classNames, Map<String, Integer> byKey, Map<String, Set<Integer>> shared,
                      Map<String, List<String>> groups) {
        this.classNames = classNames;
        this.byKey = byKey;
        this.shared = shared;
        this.groups = groups;
    }

    /** The keys of {@code classNames} (in label order) and of the {@code otherNames} each goes by, by class name. */
    public static ClassKeys of(List<String> classNames, Map<String, List<String>> otherNames) {
        Map<String, Integer> byKey = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            byKey.put(NameKey.of(classNames.get(c)), c);
        }
        Map<String, Set<Integer>> others = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            for (String name : otherNames.getOrDefault(classNames.get(c), List.of())) {
                String k = NameKey.of(name);
                if (!k.isEmpty() && !byKey.containsKey(k)) {
                    others.computeIfAbsent(k, x -> new TreeSet<>()).add(c);
                }
            }
        }
        Map<String, Set<Integer>> shared = new LinkedHashMap<>();
        others.forEach((k, classes) -> {
            if (classes.size() == 1) {
                byKey.put(k, classes.iterator().next());
            } else {
                shared.put(k, classes);
            }
        });
        return new ClassKeys(List.copyOf(classNames), byKey, shared, Map.of());
    }

    /**
     * These keys knowing, by every name it goes by, each class of the knowledge above these classes
     * that is not one of them, with the classes below it ({@code Footwear → [sandal, sneaker]}):
     * a name of one is no class's ({@link #label} stays null), but {@link #below} can say what it groups.
     */
    public ClassKeys withGroups(Map<String, List<String>> classesBelow) {
        Map<String, List<String>> keyed = new LinkedHashMap<>();
        classesBelow.forEach((name, below) -> {
            String k = NameKey.of(name);
            if (!k.isEmpty() && !byKey.containsKey(k)) {
                keyed.merge(k, List.copyOf(below), (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream())
                        .distinct().sorted().toList());
            }
        });
        return new ClassKeys(classNames, byKey, shared, Map.copyOf(keyed));
    }

    /** The classes below the class of the knowledge called {@code name} when it is a group of them, not a class of these; else empty. */
    public List<String> below(String name) {
        return groups.getOrDefault(NameKey.of(name), List.of());
    }

    /**
     * These keys with each folder of {@code folderToClass} standing for the class it names (by any
     * name this knows it by), before any name the class goes by, as a spec's {@code data.classes}
     * says; a class this does not know is refused at {@code where}.
     */
    public ClassKeys withFolders(Map<String, String> folderToClass, String where) {
        Map<String, Integer> keys = new LinkedHashMap<>(byKey);
        Map<String, Set<Integer>> stillShared = new LinkedHashMap<>(shared);
        folderToClass.forEach((folder, className) -> {
            int c = mapped(folder, className, where, "name the class by its output");
            keys.put(NameKey.of(folder), c);
            stillShared.remove(NameKey.of(folder));
        });
        return new ClassKeys(classNames, keys, stillShared, groups);
    }

    /**
     * The label of the class a class map names for {@code folder} ({@code class:} optional, any
     * name the class goes by).
     *
     * @throws InputError at {@code where} if the knowledge has no such class, or two go by the name
     */
    public int mapped(String folder, String className, String where, String remedy) {
        Integer c = label(className.replaceFirst("^class:", ""), where, remedy);
        if (c == null) {
            throw new InputError(where, "folder '" + folder + "' is mapped to class '" + className
                    + "', which the knowledge does not have; its classes are " + classNames);
        }
        return c;
    }

    /** The class whose name (or other name) {@code name} is a likely typo of, or null. */
    public String nearest(String name) {
        String key = NameKey.of(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, Integer> e : byKey.entrySet()) {
            int d = EditDistance.of(key, e.getKey());
            if (d < bestDistance) {
                bestDistance = d;
                best = classNames.get(e.getValue());
            }
        }
        return EditDistance.likelyTypo(bestDistance, key.length()) ? best : null;
    }

    /**
     * The class {@code name} stands for, or null if none; a name two classes go by is refused at
     * {@code where}, the message ending in {@code remedy}.
     */
    public Integer label(String name, String where, String remedy) {
        String k = NameKey.of(name);
        Set<Integer> both = shared.get(k);
        if (both != null) {
            throw new InputError(where, "'" + name + "' is a name of more than one class in the knowledge: "
                    + both.stream().map(classNames::get).toList() + "; " + remedy);
        }
        return byKey.get(k);
    }
}
