package dev.kenning.rules;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.Provenance;
import dev.kenning.core.Quantity;
import dev.kenning.core.SourceTriple;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule pack is Java code that runs inside Kenning, so before a pack is compiled its text
 * (comments and string literals left out) is checked against what a constraint pack needs, and
 * anything else is refused at its {@code file:line:col}, naming the rule it is in. Allowed:
 * <ul>
 *   <li>the types it imports from the allowed list ({@code ConstraintSpec}, {@code Quantity},
 *       {@code SourceTriple}, {@code Provenance}, the facts of {@code dev.kenning.rules.facts},
 *       collections of {@code java.util}), the types it {@code declare}s, and
 *       {@code String}, {@code Math}, the number and boolean types, {@code Object};</li>
 *   <li>calls: the public methods of those Kenning types and the getters and setters of declared
 *       types; working memory ({@code insert}, {@code insertLogical}, {@code update},
 *       {@code modify}, {@code delete}, {@code retract}); the rule's name through exactly
 *       {@code drools.getRule().getName()}; plain arithmetic, string and collection methods
 *       ({@link #PLAIN_CALLS}); DRL's own keywords and accumulate functions.</li>
 * </ul>
 * Everything else (another type, another method, {@code drools} or {@code kcontext} used
 * otherwise, {@code .class}, functions and globals) is refused. Names that reach the process,
 * files, the network, threads or reflection are named as such ({@link #REACHES}). Each
 * {@code while} and classic {@code for} loop, and each regular expression a String method runs, is
 * given a check of the firing thread's interrupt ({@link #guard}), so a consequence that loops or
 * backtracks forever stops when derivation is stopped.
 */
final class PackCheck {
    /** Names that reach the process, files, the network, threads or reflection: refused with that reason. */
    private static final Pattern REACHES = Pattern.compile(
            "\\b(System|Runtime|ProcessBuilder|ProcessHandle|Thread|ThreadGroup|Executors|ClassLoader|Class\\s*\\.\\s*forName"
                    + "|getClass|Files|Paths|File|FileInputStream|FileOutputStream|FileReader|FileWriter|RandomAccessFile"
                    + "|Socket|ServerSocket|URL|URI|HttpClient|InetAddress|Unsafe|MethodHandles|Method|Field|Constructor"
                    + "|setAccessible)\\b|\\bjava\\s*\\.\\s*(io|nio|net|lang\\s*\\.\\s*(reflect|invoke))\\b");

    private static final Pattern RULE_HEADER = Pattern.compile("(?m)^\\s*rule\\s+(\"([^\"]*)\"|'([^']*)'|(\\S+))");
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+([^\\s;]+(?:\\s+[^\\s;]+)?)\\s*;?\\s*$");
    private static final Pattern DECLARE = Pattern.compile("(?m)^\\s*declare\\s+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern DECLARED_FIELD = Pattern.compile("(?m)^\\s*([a-z_][A-Za-z0-9_]*)\\s*:\\s*[A-Za-z]");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern RULE_NAME_CHAIN = Pattern.compile("\\G\\s*\\.\\s*getRule\\s*\\(\\s*\\)\\s*\\.\\s*getName\\s*\\(\\s*\\)");

    /** Types a pack may import from the JDK: collections and their helpers, nothing that does I/O or runs code later. */
    private static final Set<String> JDK_IMPORTS = Set.of("java.util.List", "java.util.ArrayList", "java.util.LinkedList",
            "java.util.Set", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.Map",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.Collection",
            "java.util.Collections", "java.util.Arrays", "java.util.Comparator", "java.util.Objects", "java.util.Optional",
            "java.util.Locale", "java.util.stream.Collectors");

    /** Kenning's own types a pack may import, besides the facts. */
    private static final List<Class<?>> KENNING_TYPES = List.of(ConstraintSpec.class, ConstraintSpec.Builder.class,
            Quantity.class, SourceTriple.class, Provenance.class);

    private static final String FACTS = "dev.kenning.rules.facts.";
    /** Classes of the facts package that read the graph rather than being facts: not for packs. */
    private static final Set<String> NOT_FACTS = Set.of("GraphFacts", "ClassFacts", "TripleNames");

    /** Types every pack may name without importing them. */
    private static final Set<String> LANG_TYPES = Set.of("String", "Math", "Integer", "Long", "Double", "Float", "Short",
            "Byte", "Boolean", "Character", "Number", "Object", "StringBuilder", "Comparable", "Iterable",
            "IllegalArgumentException", "IllegalStateException", "Entry");

    /** Plain arithmetic, string and collection methods, by name (as the shipped packs use them, and their kin). */
    static final Set<String> PLAIN_CALLS = Set.of(
            // Object, String, StringBuilder
            "equals", "hashCode", "toString", "compareTo", "length", "isEmpty", "isBlank", "charAt", "substring",
            "indexOf", "lastIndexOf", "startsWith", "endsWith", "contains", "replace", "replaceAll", "toLowerCase",
            "toUpperCase", "trim", "strip", "split", "concat", "equalsIgnoreCase", "valueOf", "format", "join", "append",
            // numbers and Math
            "intValue", "longValue", "doubleValue", "floatValue", "parseInt", "parseLong", "parseDouble", "isNaN",
            "isInfinite", "isFinite", "compare", "abs", "min", "max", "sqrt", "cbrt", "pow", "exp", "log", "log10",
            "floor", "ceil", "round", "signum", "hypot", "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
            "toRadians", "toDegrees",
            // collections, comparators and streams over them
            "add", "addAll", "remove", "removeAll", "retainAll", "containsAll", "containsKey", "containsValue", "get",
            "getOrDefault", "put", "putAll", "putIfAbsent", "size", "clear", "values", "keySet", "entrySet", "getKey",
            "getValue", "iterator", "hasNext", "next", "sort", "subList", "of", "copyOf", "asList", "first", "last",
            "firstKey", "lastKey", "stream", "map", "filter", "sorted", "distinct", "limit", "collect", "toList",
            "toSet", "forEach", "mapToDouble", "mapToInt", "average", "sum", "count", "orElse", "isPresent", "anyMatch",
            "allMatch", "noneMatch", "findFirst", "reversed", "comparing", "comparingInt", "comparingDouble",
            "thenComparing", "naturalOrder", "reverseOrder", "unmodifiableList", "emptyList", "emptySet", "emptyMap",
            "requireNonNull", "isNull", "nonNull", "hash", "joining", "toMap", "groupingBy", "counting");

    /** DRL and Java words followed by a parenthesis that are not calls, and DRL's accumulate functions. */
    private static final Set<String> DRL_WORDS = Set.of("if", "for", "while", "switch", "catch", "return", "throw", "new",
            "not", "exists", "forall", "eval", "collect", "accumulate", "from", "init", "action", "reverse", "result",
            "and", "or", "insert", "insertLogical", "update", "modify", "delete", "retract", "collectList",
            "collectSet", "countDistinct", "super", "this", "in", "matches", "memberOf", "excludes", "soundslike");

    private PackCheck() {
    }

    /** @throws InputError at the first name the pack may not use, naming it and its rule */
    static void check(Path file, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String code = blankCommentsAndStrings(text);
        Matcher reaches = REACHES.matcher(code);
        if (reaches.find()) {
            throw refused(file, text, reaches.start(), reaches.group().replaceAll("\\s+", ""), "may not reach the process,"
                    + " files, the network, threads or reflection (Kenning refuses packs that do)");
        }
        Set<String> types = new HashSet<>(LANG_TYPES);
        Set<String> calls = new HashSet<>(PLAIN_CALLS);
        calls.addAll(DRL_WORDS);
        KENNING_TYPES.forEach(t -> allow(t, types, calls));
        code = imports(file, text, code, types, calls);
        Matcher declared = DECLARE.matcher(code);
        while (declared.find()) {
            types.add(declared.group(1));
        }
        Matcher field = DECLARED_FIELD.matcher(code);
        while (field.find()) {
            String name = field.group(1);
            String capital = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            calls.addAll(List.of("get" + capital, "set" + capital, "is" + capital));
        }
        // java.util's collections may be named in full instead of imported
        Matcher qualified = Pattern.compile("\\bjava\\s*\\.\\s*util\\s*\\.\\s*(stream\\s*\\.\\s*)?([A-Z][A-Za-z]*)").matcher(code);
        while (qualified.find()) {
            String name = qualified.group().replaceAll("\\s+", "");
            if (JDK_IMPORTS.contains(name)) {
                types.add(qualified.group(2));
            }
        }
        calls.addAll(types); // constructors and fact patterns: Type( ... )
        scan(file, text, code, types, calls);
    }

    /** Checks and then blanks the package and import lines; adds what the imports allow. */
    private static String imports(Path file, String text, String code, Set<String> types, Set<String> calls) {
        StringBuilder rest = new StringBuilder(code);
        Matcher m = IMPORT.matcher(code);
        while (m.find()) {
            String name = m.group(1).replaceAll("\\s+", " ");
            String simple = name.substring(name.lastIndexOf('.') + 1);
            Class<?> fact = name.startsWith(FACTS) && !NOT_FACTS.contains(simple) ? fact(name) : null;
            Class<?> kenning = KENNING_TYPES.stream().filter(t -> t.getName().equals(name)).findFirst().orElse(null);
            if (JDK_IMPORTS.contains(name)) {
                types.add(simple);
            } else if (fact != null || kenning != null) {
                types.add(simple);
                allow(fact != null ? fact : kenning, types, calls);
            } else {
                throw refused(file, text, m.start(1), "import " + name, "may import Kenning's constraint and fact types"
                        + " and java.util's collections only");
            }
            for (int i = m.start(); i < m.end(); i++) {
                if (rest.charAt(i) != '\n') {
                    rest.setCharAt(i, ' ');
                }
            }
        }
        Matcher pkg = Pattern.compile("(?m)^\\s*package\\s+[^\\n]*").matcher(rest);
        if (pkg.find()) {
            for (int i = pkg.start(); i < pkg.end(); i++) {
                rest.setCharAt(i, ' ');
            }
        }
        return rest.toString();
    }

    private static Class<?> fact(String name) {
        try {
            return Class.forName(name, false, PackCheck.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** A Kenning type's name, its public nested types and the public methods it declares itself. */
    private static void allow(Class<?> type, Set<String> types, Set<String> calls) {
        types.add(type.getSimpleName());
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && !method.isSynthetic()) {
                calls.add(method.getName());
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            if (Modifier.isPublic(nested.getModifiers())) {
                allow(nested, types, calls);
            }
        }
    }

    /** Every identifier of the rules and declarations, judged by what it is. */
    private static void scan(Path file, String text, String code, Set<String> types, Set<String> calls) {
        Matcher m = IDENTIFIER.matcher(code);
        int from = 0;
        while (from < code.length() && m.find(from)) {
            String name = m.group();
            int start = m.start();
            from = m.end();
            char before = previous(code, start);
            boolean member = before == '.';
            boolean methodReference = start >= 2 && code.startsWith("::", previousIndex(code, start) - 1);
            boolean numberSuffix = start > 0 && Character.isDigit(code.charAt(start - 1));
            if (before == '@' || name.startsWith("$") || numberSuffix || isRuleName(code, start)) {
                continue; // an annotation, a DRL variable, a number's suffix (1e3, 10L), an unquoted rule name
            }
            if (isFunctionOrGlobal(code, start, name)) {
                throw refused(file, text, start, name, "may not declare " + name + "s; write the logic in the rule");
            }
            if (name.equals("drools")) {
                Matcher chain = RULE_NAME_CHAIN.matcher(code);
                if (!chain.find(m.end())) {
                    throw refused(file, text, start, "drools" + after(code, m.end()), "may read its rule's name as"
                            + " drools.getRule().getName(), and nothing else of drools");
                }
                from = chain.end();
                continue;
            }
            if (name.equals("kcontext") || (name.equals("class") && member)) {
                throw refused(file, text, start, member ? "." + name : name, "may not use " + name);
            }
            boolean call = next(code, m.end()) == '(' || methodReference;
            if (call && !calls.contains(name)) {
                throw refused(file, text, start, name, "may call what builds and inserts facts and constraints and plain"
                        + " arithmetic, string and collection methods; " + name + " is not one of them"
                        // a capitalised call is a constructor: its likely type
                        + typoOf(name, Character.isUpperCase(name.charAt(0)) ? types : calls));
            }
            boolean constant = member && name.equals(name.toUpperCase(java.util.Locale.ROOT));
            if (!call && Character.isUpperCase(name.charAt(0)) && !types.contains(name) && !constant) {
                throw refused(file, text, start, name, "may use Kenning's constraint and fact types, the types it"
                        + " declares, java.util's collections, strings and numbers; " + name + " is not one of them"
                        + typoOf(name, types));
            }
        }
    }

    /** " (did you mean X?)" when {@code name} is a likely typo of an allowed name, else "": a misspelt fact type reads as one. */
    private static String typoOf(String name, Set<String> allowed) {
        return dev.kenning.core.knowledge.EditDistance.nearest(name, allowed).map(b -> " (did you mean " + b + "?)").orElse("");
    }

    private static boolean isRuleName(String code, int start) {
        int end = previousIndex(code, start) + 1;
        int begin = end;
        while (begin > 0 && Character.isLetter(code.charAt(begin - 1))) {
            begin--;
        }
        String word = code.substring(begin, end);
        return word.equals("rule") || word.equals("query");
    }

    private static boolean isFunctionOrGlobal(String code, int start, String name) {
        if (!name.equals("function") && !name.equals("global")) {
            return false;
        }
        int lineStart = code.lastIndexOf('\n', start - 1) + 1;
        return code.substring(lineStart, start).isBlank();
    }

    private static char previous(String code, int index) {
        int i = previousIndex(code, index);
        return i < 0 ? '\0' : code.charAt(i);
    }

    private static int previousIndex(String code, int index) {
        int i = index - 1;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
            i--;
        }
        return i;
    }

    private static char next(String code, int index) {
        int i = index;
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i < code.length() ? code.charAt(i) : '\0';
    }

    /** ".name" after {@code index}, for a message, or "" if none. */
    private static String after(String code, int index) {
        Matcher m = Pattern.compile("\\G\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)").matcher(code);
        return m.find(index) ? "." + m.group(1) : "";
    }

    private static InputError refused(Path file, String text, int at, String what, String why) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String rule = null;
        Matcher header = RULE_HEADER.matcher(text);
        while (header.find() && header.start() < at) {
            rule = header.group(2) != null ? header.group(2) : header.group(3) != null ? header.group(3) : header.group(4);
        }
        return new InputError(file + ":" + line + ":" + (at - lineStart + 1), (rule == null ? "the pack" : "rule '" + rule
                + "'") + " uses " + what + ": a rule pack builds and inserts facts and constraints, and " + why);
    }

    /**
     * The pack's text made stoppable, lines and everything else unchanged: each {@code while} loop
     * and classic {@code for} loop is given a check of the firing thread's interrupt
     * ({@link RuleDeadline#running()}) in its condition, and each call of a String method that runs
     * a regular expression ({@link #REGEX_CALLS}) goes through {@link RuleDeadline#text}, whose
     * matcher reads the text through that check, so a pattern that backtracks for hours ends too.
     * A for-each loop runs over a collection that ends; it is left alone.
     */
    static String guard(String text) {
        String code = blankCommentsAndStrings(text);
        Matcher loop = Pattern.compile("\\b(while|for)\\s*\\(").matcher(code);
        Map<Integer, String> insertAt = new HashMap<>();
        Map<Integer, String> wrapEnd = new HashMap<>();
        int from = 0;
        while (loop.find(from)) {
            int open = loop.end() - 1;
            int close = matching(code, open);
            from = loop.end();
            if (close < 0) {
                break; // unbalanced: Drools reports the syntax error
            }
            String guard = RuleDeadline.class.getName() + ".running()";
            if (loop.group(1).equals("while")) {
                insertAt.merge(open + 1, guard + " && (", String::concat);
                wrapEnd.merge(close, ")", String::concat);
                continue;
            }
            int[] semicolons = topLevelSemicolons(code, open + 1, close);
            if (semicolons.length == 2) {
                int condStart = semicolons[0] + 1;
                int condEnd = semicolons[1];
                if (code.substring(condStart, condEnd).isBlank()) {
                    insertAt.merge(condStart, guard, String::concat); // for (;;)
                } else {
                    insertAt.merge(condStart, guard + " && (", String::concat);
                    wrapEnd.merge(condEnd, ")", String::concat);
                }
            }
        }
        Matcher call = REGEX_CALL.matcher(code);
        while (call.find()) {
            int open = call.end() - 1;
            int close = matching(code, open);
            Integer arity = REGEX_CALLS.get(call.group(1));
            if (close < 0 || arity == null) {
                continue;
            }
            int args = code.substring(open + 1, close).isBlank() ? 0 : topLevelCommas(code, open + 1, close) + 1;
            int receiver = receiverStart(code, call.start());
            if ((args == arity || (call.group(1).equals("split") && args == 2)) && receiver >= 0) {
                insertAt.merge(receiver, RuleDeadline.class.getName() + ".text(", String::concat);
                wrapEnd.merge(call.start(), ")", String::concat);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            if (wrapEnd.containsKey(i)) {
                out.append(wrapEnd.get(i));
            }
            if (insertAt.containsKey(i)) {
                out.append(insertAt.get(i));
            }
            if (i < text.length()) {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    /** String's methods that run a regular expression over the string, by their number of arguments (split: 1 or 2). */
    private static final Map<String, Integer> REGEX_CALLS = Map.of("replaceAll", 2, "replaceFirst", 2, "split", 1,
            "matches", 1);
    private static final Pattern REGEX_CALL = Pattern.compile("\\.\\s*(replaceAll|replaceFirst|split|matches)\\s*\\(");
    /** Words that may stand before a parenthesis or a name and are not part of an expression. */
    private static final Set<String> STATEMENT_WORDS = Set.of("return", "if", "while", "for", "switch", "catch",
            "synchronized", "throw", "else", "case", "assert", "yield", "do", "new", "instanceof");

    /**
     * Where the expression ends at {@code dot} begins, for a receiver such as {@code $name},
     * {@code a.b().c[2]}, {@code "x"} or {@code ((String) o)}; -1 if it is none of these.
     */
    private static int receiverStart(String code, int dot) {
        int i = previousIndex(code, dot);
        int start = -1;
        while (i >= 0) {
            char c = code.charAt(i);
            if (c == ')' || c == ']') {
                int open = matchingBackward(code, i);
                if (open < 0) {
                    return -1;
                }
                start = open;
                i = previousIndex(code, open);
                if (i >= 0 && isNamePart(code.charAt(i)) && !STATEMENT_WORDS.contains(wordEndingAt(code, i))) {
                    continue; // a call's name, or an array's
                }
                return start;
            }
            if (c == '"') {
                int opening = code.lastIndexOf('"', i - 1);
                return opening;
            }
            if (!isNamePart(c)) {
                return start;
            }
            String word = wordEndingAt(code, i);
            if (STATEMENT_WORDS.contains(word)) {
                return start;
            }
            start = i - word.length() + 1;
            int before = previousIndex(code, start);
            if (before < 0 || code.charAt(before) != '.') {
                return start;
            }
            i = previousIndex(code, before);
        }
        return start;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static String wordEndingAt(String code, int end) {
        int begin = end;
        while (begin > 0 && isNamePart(code.charAt(begin - 1))) {
            begin--;
        }
        return code.substring(begin, end + 1);
    }

    private static int matchingBackward(String code, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == ')' || c == ']') {
                depth++;
            } else if ((c == '(' || c == '[') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int topLevelCommas(String code, int from, int to) {
        int depth = 0;
        int commas = 0;
        for (int i = from; i < to; i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                commas++;
            }
        }
        return commas;
    }

    private static int matching(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int[] topLevelSemicolons(String code, int from, int to) {
        int depth = 0;
        int[] found = new int[3];
        int n = 0;
        for (int i = from; i < to && n < 3; i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ';' && depth == 0) {
                found[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(found, n);
    }

    /** The text with comments and string and character literals replaced by spaces, lines kept. */
    static String blankCommentsAndStrings(String text) {
        StringBuilder out = new StringBuilder(text);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    out.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                while (i < text.length() && !(text.charAt(i) == '*' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                    if (text.charAt(i) != '\n') {
                        out.setCharAt(i, ' ');
                    }
                    i++;
                }
                for (int k = 0; k < 2 && i < text.length(); k++) {
                    out.setCharAt(i++, ' ');
                }
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < text.length() && text.charAt(i) != c && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\') {
                        out.setCharAt(i++, ' ');
                    }
                    if (i < text.length()) {
                        out.setCharAt(i++, ' ');
                    }
                }
                i++;
            } else if (c == '#') {
                // DRL also takes # line comments
                while (i < text.length() && text.charAt(i) != '\n') {
                    out.setCharAt(i++, ' ');
                }
            } else {
                i++;
            }
        }
        return out.toString();
    }
}
