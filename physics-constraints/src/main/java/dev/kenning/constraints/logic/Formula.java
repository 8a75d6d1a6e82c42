package dev.kenning.constraints.logic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A propositional formula over a model's outputs, as a rule pack or an ontology writes it
 * (syntax in docs/formulas.md). Outputs are Boolean ({@code attr:straps}, true or false) or
 * categorical: a group declared after {@code where} with a range of whole values
 * ({@code a in 0..9}), one of which holds. Atoms are Boolean outputs, {@code true}, {@code false},
 * {@code exactly_one(x, y, …)}, {@code at_most_one(x, y, …)} and comparisons of sums of
 * categorical outputs with whole coefficients ({@code 10*a1 + a2 + 10*b1 + b2 = sum},
 * {@code a != 3}); connectives from loosest to tightest are {@code <=>}, {@code =>} (to the
 * right), {@code |}, {@code &} and {@code ~} (or {@code !}).
 *
 * <pre>  10*a1 + a2 + 10*b1 + b2 = sum where a1, a2, b1, b2 in 0..9, sum in 0..198</pre>
 *
 * @param text     the formula as written
 * @param root     its syntax tree
 * @param groups   the categorical outputs and their values, in the order declared
 * @param booleans the Boolean outputs, in the order they first appear
 */
public record Formula(String text, Node root, Map<String, Range> groups, List<String> booleans) {

    /** Values no categorical output may exceed: a circuit holds one variable per value. */
    public static final int MAX_VALUES = 100_000;

    public Formula {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(root, "root");
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        booleans = List.copyOf(booleans);
    }

    /** The whole values {@code lo..hi} a categorical output takes. */
    public record Range(int lo, int hi) {
        public Range {
            if (hi < lo) {
                throw new IllegalArgumentException("empty range " + lo + ".." + hi);
            }
        }

        public int size() {
            return hi - lo + 1;
        }
    }

    /** A node of the syntax tree. */
    public sealed interface Node permits Constant, Output, Not, And, Or, Implies, Iff, AtMostOne, Equation {
    }

    public record Constant(boolean value) implements Node {
    }

    /** A Boolean output. */
    public record Output(String name) implements Node {
    }

    public record Not(Node operand) implements Node {
    }

    public record And(List<Node> operands) implements Node {
    }

    public record Or(List<Node> operands) implements Node {
    }

    public record Implies(Node premise, Node conclusion) implements Node {
    }

    public record Iff(Node left, Node right) implements Node {
    }

    /** At most one of the Boolean outputs holds ({@code exactly_one} is this and their disjunction). */
    public record AtMostOne(List<String> outputs) implements Node {
    }

    /** Σ coefficient·group = constant, over categorical outputs. */
    public record Equation(List<Term> terms, long constant) implements Node {
        public Equation {
            terms = List.copyOf(terms);
        }
    }

    /** coefficient × the value of a categorical output. */
    public record Term(long coefficient, String group) {
    }

    /** A formula that does not parse, with where: line and column from 1 within the formula's text. */
    public static final class SyntaxError extends IllegalArgumentException {
        private final int line;
        private final int column;

        SyntaxError(int line, int column, String message) {
            super("formula line " + line + ", column " + column + ": " + message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws SyntaxError naming the line and column and what was expected there
     */
    public static Formula parse(String text) {
        return new Parser(text).formula();
    }

    /**
     * What the formula says of output {@code second} given {@code first}, when it is one of the
     * two-output shapes class ⇒ attribute ({@code true}), class ⇒ ¬attribute or ¬(class ∧ attribute)
     * ({@code false}); null for any other formula.
     */
    public Boolean statesOf(String first, String second) {
        Output p = new Output(first);
        Output q = new Output(second);
        if (root instanceof Implies i && i.premise().equals(p)) {
            if (i.conclusion().equals(q)) {
                return true;
            }
            if (i.conclusion().equals(new Not(q))) {
                return false;
            }
        }
        if (root instanceof Not n && n.operand() instanceof And a && a.operands().size() == 2
                && a.operands().contains(p) && a.operands().contains(q)) {
            return false;
        }
        return null;
    }

    /**
     * The same formula with its Boolean outputs renamed v0, v1, … in the order they first appear:
     * formulas of one shape over different outputs (every "class ⇒ attribute") share it, and one
     * circuit evaluates them all. Its text is the renamed syntax tree.
     */
    public Formula positional() {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < booleans.size(); i++) {
            names.put(booleans.get(i), "v" + i);
        }
        Node renamed = rename(root, names);
        return new Formula(renamed.toString() + " where " + groups, renamed, groups, List.copyOf(names.values()));
    }

    private static Node rename(Node node, Map<String, String> names) {
        if (node instanceof Output o) {
            return new Output(names.get(o.name()));
        } else if (node instanceof Not n) {
            return new Not(rename(n.operand(), names));
        } else if (node instanceof And a) {
            return new And(a.operands().stream().map(x -> rename(x, names)).toList());
        } else if (node instanceof Or o) {
            return new Or(o.operands().stream().map(x -> rename(x, names)).toList());
        } else if (node instanceof Implies i) {
            return new Implies(rename(i.premise(), names), rename(i.conclusion(), names));
        } else if (node instanceof Iff i) {
            return new Iff(rename(i.left(), names), rename(i.right(), names));
        } else if (node instanceof AtMostOne m) {
            return new AtMostOne(m.outputs().stream().map(names::get).toList());
        }
        return node;
    }

    /** Every output the formula reads: the categorical groups, then the Boolean outputs. */
    public List<String> outputs() {
        List<String> all = new ArrayList<>(groups.keySet());
        all.addAll(booleans);
        return all;
    }

    /** Recursive descent over the tokens of {@link Lexer}; categorical names are checked once the where-clause is read. */
    private static final class Parser {
        private final String text;
        private final List<Token> tokens;
        private int at;
        private final Set<String> booleans = new LinkedHashSet<>();
        /** Every name used in an equation, with its first token, to check against the where-clause. */
        private final Map<String, Token> categorical = new LinkedHashMap<>();

        Parser(String text) {
            this.text = text;
            this.tokens = new Lexer(text).tokens();
        }

        Formula formula() {
            Node root = iff();
            Map<String, Range> groups = new LinkedHashMap<>();
            if (peek().is("where")) {
                next();
                do {
                    List<Token> names = new ArrayList<>();
                    names.add(expect(Kind.NAME, "a categorical output's name"));
                    while (peek().is(",") && tokens.get(at + 1).kind == Kind.NAME && !tokens.get(at + 2).is("in")) {
                        next();
                        names.add(expect(Kind.NAME, "a categorical output's name"));
                    }
                    if (peek().is(",")) {
                        next();
                        names.add(expect(Kind.NAME, "a categorical output's name"));
                    }
                    Token in = expect(Kind.NAME, "'in'");
                    if (!in.text.equals("in")) {
                        throw error(in, "expected 'in' and a range such as 0..9, got '" + in.text + "'");
                    }
                    Token lo = expect(Kind.NUMBER, "the range's first value");
                    expect("..");
                    Token hi = expect(Kind.NUMBER, "the range's last value");
                    long l = lo.number();
                    long h = hi.number();
                    if (h < l) {
                        throw error(hi, "the range " + l + ".." + h + " is empty");
                    }
                    if (h - l + 1 > MAX_VALUES) {
                        throw error(hi, "a categorical output takes at most " + MAX_VALUES + " values, " + l + ".." + h
                                + " has " + (h - l + 1));
                    }
                    for (Token n : names) {
                        if (groups.put(n.text, new Range((int) l, (int) h)) != null) {
                            throw error(n, "'" + n.text + "' is declared twice");
                        }
                    }
                    if (!peek().is(",")) {
                        break;
                    }
                    next();
                } while (true);
            }
            Token end = peek();
            if (end.kind != Kind.END) {
                throw error(end, "expected an operator (& | => <=>), 'where' or the end, got '" + end.text + "'");
            }
            for (Map.Entry<String, Token> use : categorical.entrySet()) {
                if (!groups.containsKey(use.getKey())) {
                    throw error(use.getValue(), "'" + use.getKey() + "' is compared as a number: declare its values"
                            + " after 'where', e.g. where " + use.getKey() + " in 0..9");
                }
            }
            for (String b : booleans) {
                if (groups.containsKey(b)) {
                    throw new SyntaxError(1, 1, "'" + b + "' is declared categorical but used as a true/false output;"
                            + " compare it with a value, e.g. " + b + " = 1");
                }
            }
            for (String g : groups.keySet()) {
                if (!categorical.containsKey(g)) {
                    // a declared output the formula never reads still takes one value: harmless, but a typo is likelier
                    throw new SyntaxError(1, 1, "'" + g + "' is declared after 'where' but the formula never reads it");
                }
            }
            return new Formula(text, root, groups, new ArrayList<>(booleans));
        }

        private Node iff() {
            Node left = implies();
            while (peek().is("<=>")) {
                next();
                left = new Iff(left, implies());
            }
            return left;
        }

        private Node implies() {
            Node left = or();
            if (peek().is("=>")) {
                next();
                return new Implies(left, implies());
            }
            return left;
        }

        private Node or() {
            List<Node> ops = new ArrayList<>(List.of(and()));
            while (peek().is("|")) {
                next();
                ops.add(and());
            }
            return ops.size() == 1 ? ops.get(0) : new Or(ops);
        }

        private Node and() {
            List<Node> ops = new ArrayList<>(List.of(unary()));
            while (peek().is("&")) {
                next();
                ops.add(unary());
            }
            return ops.size() == 1 ? ops.get(0) : new And(ops);
        }

        private Node unary() {
            if (peek().is("~") || peek().is("!")) {
                next();
                return new Not(unary());
            }
            return atom();
        }

        private Node atom() {
            Token t = peek();
            if (t.is("(")) {
                next();
                Node inner = iff();
                expect(")");
                return inner;
            }
            if (t.kind == Kind.NAME && (t.text.equals("exactly_one") || t.text.equals("at_most_one"))
                    && tokens.get(at + 1).is("(")) {
                next();
                next();
                List<String> names = new ArrayList<>();
                do {
                    Token n = expect(Kind.NAME, "a true/false output");
                    booleans.add(n.text);
                    names.add(n.text);
                } while (peek().is(",") && next() != null);
                expect(")");
                if (names.size() < 2) {
                    throw error(t, t.text + "(…) needs at least two outputs");
                }
                Node amo = new AtMostOne(names);
                return t.text.equals("at_most_one") ? amo
                        : new And(List.of(new Or(names.stream().map(n -> (Node) new Output(n)).toList()), amo));
            }
            if (t.kind == Kind.NAME && (t.text.equals("true") || t.text.equals("false"))) {
                next();
                return new Constant(t.text.equals("true"));
            }
            if (t.kind == Kind.NAME || t.kind == Kind.NUMBER) {
                // a comparison starts with a number or with a name followed by +, *, = or !=
                Token after = tokens.get(at + 1);
                boolean comparison = t.kind == Kind.NUMBER || after.is("+") || after.is("=") || after.is("!=")
                        || after.is("*");
                if (!comparison) {
                    next();
                    if (t.text.equals("where") || t.text.equals("in")) {
                        throw error(t, "expected an output, got the keyword '" + t.text + "'");
                    }
                    booleans.add(t.text);
                    return new Output(t.text);
                }
                return comparison();
            }
            throw error(t, t.kind == Kind.END ? "the formula ends where an output, '(', '~' or a comparison is expected"
                    : "expected an output, '(', '~' or a comparison, got '" + t.text + "'");
        }

        private Node comparison() {
            Map<String, Long> terms = new LinkedHashMap<>();
            long[] constant = {0};
            sum(terms, constant, 1);
            Token op = peek();
            if (!op.is("=") && !op.is("!=")) {
                throw error(op, "expected '=' or '!=' after a sum, got '" + op.text + "'");
            }
            next();
            sum(terms, constant, -1);
            terms.values().removeIf(c -> c == 0);
            List<Term> list = terms.entrySet().stream().map(e -> new Term(e.getValue(), e.getKey())).toList();
            Node equation = new Equation(list, -constant[0]);
            return op.is("=") ? equation : new Not(equation);
        }

        /** Adds sign × (term + term + …) into {@code terms} (by name) and {@code constant}. */
        private void sum(Map<String, Long> terms, long[] constant, int sign) {
            do {
                Token t = peek();
                if (t.kind == Kind.NUMBER) {
                    next();
                    long c = t.number();
                    if (peek().is("*")) {
                        next();
                        Token n = expect(Kind.NAME, "a categorical output after '*'");
                        use(n);
                        terms.merge(n.text, sign * c, Long::sum);
                    } else {
                        constant[0] += sign * c;
                    }
                } else if (t.kind == Kind.NAME) {
                    next();
                    use(t);
                    terms.merge(t.text, (long) sign, Long::sum);
                } else {
                    throw error(t, "expected a number or a categorical output, got '" + t.text + "'");
                }
            } while (peek().is("+") && next() != null);
        }

        private void use(Token name) {
            categorical.putIfAbsent(name.text, name);
        }

        private Token peek() {
            return tokens.get(at);
        }

        private Token next() {
            return tokens.get(at++);
        }

        private Token expect(String symbol) {
            Token t = peek();
            if (!t.is(symbol)) {
                throw error(t, "expected '" + symbol + "', got " + (t.kind == Kind.END ? "the end" : "'" + t.text + "'"));
            }
            return next();
        }

        private Token expect(Kind kind, String what) {
            Token t = peek();
            if (t.kind != kind) {
                throw error(t, "expected " + what + ", got " + (t.kind == Kind.END ? "the end" : "'" + t.text + "'"));
            }
            return next();
        }

        private SyntaxError error(Token t, String message) {
            return new SyntaxError(t.line, t.column, message);
        }
    }

    private enum Kind { NAME, NUMBER, SYMBOL, END }

    private record Token(Kind kind, String text, int line, int column) {
        boolean is(String s) {
            return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equals(s);
        }

        long number() {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new SyntaxError(line, column, "the number " + text + " is too large");
            }
        }
    }

    /**
     * Names are letters, digits and {@code _ : . -} starting with a letter or {@code _} (output
     * names such as {@code attr:heel-strap}; there is no subtraction); numbers are whole and
     * not negative; {@code #} starts a comment to the end of the line.
     */
    private static final class Lexer {
        private static final List<String> SYMBOLS = List.of("<=>", "=>", "!=", "..", "(", ")", ",", "&", "|", "~",
                "!", "+", "*", "=");
        private final String s;
        private int i;
        private int line = 1;
        private int lineStart;

        Lexer(String s) {
            this.s = s;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            while (true) {
                skipSpace();
                int col = i - lineStart + 1;
                if (i >= s.length()) {
                    out.add(new Token(Kind.END, "", line, col));
                    out.add(new Token(Kind.END, "", line, col));
                    out.add(new Token(Kind.END, "", line, col));
                    return out;
                }
                char c = s.charAt(i);
                if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_:.-".indexOf(s.charAt(i)) >= 0)
                            && !s.startsWith("..", i)) {
                        i++;
                    }
                    out.add(new Token(Kind.NAME, s.substring(start, i), line, col));
                } else if (Character.isDigit(c)) {
                    int start = i;
                    while (i < s.length() && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Kind.NUMBER, s.substring(start, i), line, col));
                } else {
                    String symbol = SYMBOLS.stream().filter(x -> s.startsWith(x, i)).findFirst().orElseThrow(
                            () -> new SyntaxError(line, col, "unexpected character '" + c + "'; a formula uses output names,"
                                    + " whole numbers, ( ) , & | ~ ! => <=> + * = != and 'where … in lo..hi'"));
                    i += symbol.length();
                    out.add(new Token(Kind.SYMBOL, symbol, line, col));
                }
            }
        }

        private void skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '#') {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '\n') {
                    i++;
                    line++;
                    lineStart = i;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else {
                    return;
                }
            }
        }
    }
}
