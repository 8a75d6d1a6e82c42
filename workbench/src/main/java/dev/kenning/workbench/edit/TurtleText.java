package dev.kenning.workbench.edit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Turtle file's text with the place of every statement's terms, so one triple can be removed
 * or one object replaced while every other character (comments, layout, the order of statements)
 * stays as written. Statements whose subject is a blank node, and objects that are blank nodes or
 * collections, are kept as text the editor does not change.
 */
final class TurtleText {
    /** An object as the editor compares it: an absolute IRI (else null), whether it is a literal, and where it is written. */
    record Term(String iri, boolean literal, int start, int end) {
    }

    /** One predicate with its objects inside a statement; the span runs from the predicate to its last object. */
    record Predicate(String iri, int start, int end, List<Term> objects) {
    }

    /** {@code subject p o ; p o , o .}; {@code end} is just after the final dot. */
    record Statement(String subject, int start, int end, List<Predicate> predicates) {
    }

    private static final String RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

    private final String text;
    private final Map<String, String> prefixes = new LinkedHashMap<>();
    private final List<Statement> statements = new ArrayList<>();
    private final List<Token> tokens = new ArrayList<>();
    private int at;

    private enum Kind { IRI, NAME, LITERAL, PUNCT, DIRECTIVE }

    private record Token(Kind kind, int start, int end, String text) {
    }

    private TurtleText(String text) {
        this.text = text;
    }

    /**
     * Reads the text's statements.
     *
     * @throws IllegalArgumentException if the text is not Turtle this reader follows (it has parsed with Jena first)
     */
    static TurtleText of(String text) {
        TurtleText t = new TurtleText(text);
        t.tokenize();
        t.parse();
        return t;
    }

    String text() {
        return text;
    }

    Map<String, String> prefixes() {
        return prefixes;
    }

    List<Statement> statements() {
        return statements;
    }

    /** The triples stated here as (subject, predicate, object IRI or null), in text order. */
    record Triple(Statement statement, Predicate predicate, Term object) {
        String subject() {
            return statement.subject();
        }
    }

    List<Triple> triples() {
        List<Triple> out = new ArrayList<>();
        for (Statement s : statements) {
            for (Predicate p : s.predicates()) {
                for (Term o : p.objects()) {
                    out.add(new Triple(s, p, o));
                }
            }
        }
        return out;
    }

    /** The text without this triple: its object, its predicate or its whole statement, with the separators around it. */
    String without(Triple t) {
        Predicate p = t.predicate();
        Statement s = t.statement();
        int i = p.objects().indexOf(t.object());
        if (p.objects().size() > 1) {
            if (i > 0) {
                return cut(p.objects().get(i - 1).end(), t.object().end());
            }
            return cut(t.object().start(), p.objects().get(1).start());
        }
        int j = s.predicates().indexOf(p);
        if (s.predicates().size() > 1) {
            if (j < s.predicates().size() - 1) {
                return cut(p.start(), s.predicates().get(j + 1).start());
            }
            return cut(s.predicates().get(j - 1).end(), p.end());
        }
        // The statement's only triple: remove its lines if nothing else is on them.
        int from = s.start();
        int to = s.end();
        int lineStart = text.lastIndexOf('\n', from - 1) + 1;
        int lineEnd = text.indexOf('\n', to);
        if (text.substring(lineStart, from).isBlank() && (lineEnd < 0 ? text.substring(to) : text.substring(to, lineEnd)).isBlank()) {
            from = lineStart;
            to = lineEnd < 0 ? text.length() : lineEnd + 1;
        }
        return cut(from, to);
    }

    /** The text with the object term replaced by {@code written} (Turtle). */
    String replacing(Term object, String written) {
        return text.substring(0, object.start()) + written + text.substring(object.end());
    }

    /** The text with every IRI token that names {@code from} written as {@code to}'s rendering instead. */
    String renamingIri(String from, String to) {
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (Token tok : tokens) {
            if ((tok.kind() == Kind.IRI || tok.kind() == Kind.NAME) && from.equals(iriOf(tok))) {
                out.append(text, last, tok.start()).append(render(to));
                last = tok.end();
            }
        }
        return out.append(text.substring(last)).toString();
    }

    /** An IRI as this file writes it: prefixed where a prefix fits and the local part is simple, else in angle brackets. */
    String render(String iri) {
        String best = null;
        for (Map.Entry<String, String> e : prefixes.entrySet()) {
            String local = iri.startsWith(e.getValue()) ? iri.substring(e.getValue().length()) : null;
            if (local != null && local.matches("[A-Za-z_][A-Za-z0-9_-]*")
                    && (best == null || e.getValue().length() > prefixes.get(best).length())) {
                best = e.getKey();
            }
        }
        return best == null ? "<" + iri + ">" : best + ":" + iri.substring(prefixes.get(best).length());
    }

    /** A string literal in Turtle. */
    static String literal(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    private String cut(int from, int to) {
        return text.substring(0, from) + text.substring(to);
    }

    // --- reading ------------------------------------------------------------

    private void tokenize() {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '<') {
                int e = text.indexOf('>', i);
                if (e < 0) {
                    throw new IllegalArgumentException("unclosed IRI at offset " + i);
                }
                tokens.add(new Token(Kind.IRI, i, e + 1, text.substring(i + 1, e)));
                i = e + 1;
            } else if (c == '"' || c == '\'') {
                int e = endOfString(i);
                // a language tag or a datatype belongs to the literal
                if (e < n && text.charAt(e) == '@') {
                    e++;
                    while (e < n && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '-')) {
                        e++;
                    }
                } else if (text.startsWith("^^", e)) {
                    e += 2;
                    if (e < n && text.charAt(e) == '<') {
                        e = text.indexOf('>', e) + 1;
                    } else {
                        e = endOfName(e);
                    }
                }
                tokens.add(new Token(Kind.LITERAL, i, e, text.substring(i, e)));
                i = e;
            } else if (".;,[]()".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.PUNCT, i, i + 1, String.valueOf(c)));
                i++;
            } else if (c == '@') {
                int e = endOfName(i + 1);
                tokens.add(new Token(Kind.DIRECTIVE, i, e, text.substring(i, e)));
                i = e;
            } else {
                int e = endOfName(i);
                if (e == i) {
                    throw new IllegalArgumentException("unexpected '" + c + "' at offset " + i);
                }
                String word = text.substring(i, e);
                boolean number = word.matches("[+-]?[0-9.]+([eE][+-]?[0-9]+)?");
                boolean keyword = word.equalsIgnoreCase("PREFIX") || word.equalsIgnoreCase("BASE");
                tokens.add(new Token(number || word.equals("true") || word.equals("false") ? Kind.LITERAL
                        : keyword ? Kind.DIRECTIVE : Kind.NAME, i, e, word));
                i = e;
            }
        }
    }

    private int endOfString(int i) {
        char q = text.charAt(i);
        String triple = String.valueOf(q).repeat(3);
        boolean longString = text.startsWith(triple, i);
        int e = i + (longString ? 3 : 1);
        while (e < text.length()) {
            char c = text.charAt(e);
            if (c == '\\') {
                e += 2;
            } else if (longString && text.startsWith(triple, e)) {
                int end = e + 3;
                while (end < text.length() && text.charAt(end) == q) {
                    end++;
                }
                return end;
            } else if (!longString && c == q) {
                return e + 1;
            } else {
                e++;
            }
        }
        throw new IllegalArgumentException("unclosed string at offset " + i);
    }

    /** A prefixed name, keyword or number runs to whitespace or punctuation; a final dot ends the statement. */
    private int endOfName(int i) {
        int e = i;
        while (e < text.length() && !Character.isWhitespace(text.charAt(e)) && ";,()[]\"'<#".indexOf(text.charAt(e)) < 0) {
            e++;
        }
        while (e > i && text.charAt(e - 1) == '.') {
            e--;
        }
        return e;
    }

    private void parse() {
        at = 0;
        while (at < tokens.size()) {
            Token t = tokens.get(at);
            if (t.kind() == Kind.DIRECTIVE) {
                directive(t);
            } else {
                statement();
            }
        }
    }

    private void directive(Token t) {
        at++;
        if (t.text().equalsIgnoreCase("@prefix") || t.text().equalsIgnoreCase("PREFIX")) {
            Token name = next();
            Token iri = next();
            prefixes.put(name.text().substring(0, name.text().length() - 1), iri.text());
        } else {
            next(); // base: this reader leaves relative IRIs as written
        }
        if (t.text().startsWith("@")) {
            expect(".");
        }
    }

    private void statement() {
        Token first = tokens.get(at);
        if (first.text().equals("[") || first.text().equals("(")) {
            skipBalanced();
            skipTo(".");
            return;
        }
        at++;
        String subject = iriOf(first);
        List<Predicate> predicates = new ArrayList<>();
        while (at < tokens.size() && !tokens.get(at).text().equals(".")) {
            if (tokens.get(at).text().equals(";")) {
                at++;
                continue;
            }
            Token p = next();
            String predicate = p.kind() == Kind.NAME && p.text().equals("a") ? RDF_TYPE : iriOf(p);
            List<Term> objects = new ArrayList<>();
            int end;
            do {
                Token o = tokens.get(at);
                int start = o.start();
                if (o.text().equals("[") || o.text().equals("(")) {
                    end = skipBalanced();
                    objects.add(new Term(null, false, start, end));
                } else {
                    at++;
                    end = o.end();
                    objects.add(new Term(o.kind() == Kind.LITERAL ? null : iriOf(o), o.kind() == Kind.LITERAL, start, end));
                }
            } while (at < tokens.size() && tokens.get(at).text().equals(",") && at++ >= 0);
            predicates.add(new Predicate(predicate, p.start(), end, objects));
        }
        Token dot = next();
        statements.add(new Statement(subject, first.start(), dot.end(), predicates));
    }

    /** Skips a bracketed blank node or collection from its opening token; returns the offset after its close. */
    private int skipBalanced() {
        int depth = 0;
        while (at < tokens.size()) {
            Token t = tokens.get(at++);
            if (t.kind() == Kind.PUNCT && (t.text().equals("[") || t.text().equals("("))) {
                depth++;
            } else if (t.kind() == Kind.PUNCT && (t.text().equals("]") || t.text().equals(")"))) {
                if (--depth == 0) {
                    return t.end();
                }
            }
        }
        throw new IllegalArgumentException("unclosed bracket");
    }

    private void skipTo(String punct) {
        while (at < tokens.size() && !tokens.get(at).text().equals(punct)) {
            at++;
        }
        at++;
    }

    private Token next() {
        if (at >= tokens.size()) {
            throw new IllegalArgumentException("unexpected end of the file");
        }
        return tokens.get(at++);
    }

    private void expect(String punct) {
        Token t = next();
        if (!t.text().equals(punct)) {
            throw new IllegalArgumentException("expected '" + punct + "' at offset " + t.start());
        }
    }

    /** The absolute IRI a token names, or null for a blank node label or literal. */
    private String iriOf(Token t) {
        if (t.kind() == Kind.IRI) {
            return t.text();
        }
        if (t.kind() != Kind.NAME || t.text().startsWith("_:")) {
            return null;
        }
        int colon = t.text().indexOf(':');
        if (colon < 0) {
            return null;
        }
        String ns = prefixes.get(t.text().substring(0, colon));
        return ns == null ? null : ns + t.text().substring(colon + 1).replaceAll("\\\\(.)", "$1");
    }

    /** The text of a span, as written. */
    String slice(int start, int end) {
        return text.substring(start, end);
    }
}
