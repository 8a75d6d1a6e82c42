package dev.kenning.rules;

import dev.kenning.core.InputError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule pack is Java code that runs inside Kenning. A pack that derives constraints needs to
 * build and insert facts and {@code ConstraintSpec}s and read its rule's name; it never needs the
 * process, the file system, the network, threads or reflection. Before a pack is compiled, its
 * text (comments and string literals left out) is checked for the names that reach those, and
 * one found is refused at its {@code file:line:col} with the rule it is in. This is a deny-list,
 * not a sandbox: it stops the hostile packs issue 20 tried (writing files, {@code System.exit},
 * starting processes), not every conceivable one.
 */
final class PackCheck {
    /** What a constraint pack has no business touching, as it would be written in DRL. */
    private static final Pattern REFUSED = Pattern.compile(
            "\\b(System|Runtime|ProcessBuilder|ProcessHandle|Thread|ThreadGroup|Executors|ClassLoader|Class\\s*\\.\\s*forName"
                    + "|getClass|Files|Paths|File|FileInputStream|FileOutputStream|FileReader|FileWriter|RandomAccessFile"
                    + "|Socket|ServerSocket|URL|URI|HttpClient|InetAddress|Unsafe|MethodHandles|Method|Field|Constructor"
                    + "|setAccessible)\\b|\\bjava\\s*\\.\\s*(io|nio|net|lang\\s*\\.\\s*(reflect|invoke))\\b");

    private static final Pattern RULE_HEADER = Pattern.compile("(?m)^\\s*rule\\s+(\"([^\"]*)\"|'([^']*)'|(\\S+))");

    private PackCheck() {
    }

    /** @throws InputError at the first refused name, naming it and its rule */
    static void check(Path file, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String code = blankCommentsAndStrings(text);
        Matcher m = REFUSED.matcher(code);
        if (!m.find()) {
            return;
        }
        int at = m.start();
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
        throw new InputError(file + ":" + line + ":" + (at - lineStart + 1), (rule == null ? "the pack" : "rule '" + rule + "'")
                + " uses " + m.group().replaceAll("\\s+", "") + ": a rule pack builds and inserts facts and constraints,"
                + " and may not reach the process, files, the network, threads or reflection (Kenning refuses packs that do)");
    }

    /** The text with comments and string and character literals replaced by spaces, lines kept. */
    private static String blankCommentsAndStrings(String text) {
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
