package dev.kenning.gui;

import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source editor with line numbers, highlighting by one regular expression whose named groups
 * are CSS style classes, and one marked error: its line is tinted and the message shown under
 * the text. {@link #onPause} is told the text once typing pauses, for checking as you type.
 */
final class CodeEditor extends BorderPane {
    static final Duration PAUSE = Duration.ofMillis(400);

    private final CodeArea area = new CodeArea();
    private final Pattern highlight;
    private final List<String> groups;
    private final Label problem = new Label();
    private int errorLine = -1;

    CodeEditor(Pattern highlight, List<String> groups) {
        this.highlight = highlight;
        this.groups = groups;
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        area.getStyleClass().add("code");
        // Restyled after each edit, outside the edit's own change event.
        area.multiPlainChanges().subscribe(c -> javafx.application.Platform.runLater(this::restyle));
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.setMaxWidth(Double.MAX_VALUE);
        setCenter(new VirtualizedScrollPane<>(area));
        setBottom(problem);
    }

    /** Tells {@code check} the text each time typing pauses for {@link #PAUSE}. */
    void onPause(Consumer<String> check) {
        area.multiPlainChanges().successionEnds(PAUSE).subscribe(ignore -> check.accept(area.getText()));
    }

    void setText(String text) {
        area.replaceText(text);
        restyle();
        area.moveTo(0);
        area.requestFollowCaret();
        area.getUndoManager().forgetHistory();
        clearError();
    }

    String getText() {
        return area.getText();
    }

    CodeArea area() {
        return area;
    }

    /** Marks 1-based {@code line} (clamped to the text) as the error, with its message. */
    void markError(int line, String message) {
        clearMark();
        int paragraphs = area.getParagraphs().size();
        errorLine = Math.max(1, Math.min(line, paragraphs));
        area.setParagraphStyle(errorLine - 1, List.of("error-line"));
        problem.setText("line " + line + ": " + message);
        problem.getStyleClass().setAll("problem", "error");
    }

    /** Shows a message that is no error (e.g. "compiles: 4 rules"). */
    void clearError(String status) {
        clearError();
        problem.setText(status);
    }

    void clearError() {
        clearMark();
        problem.setText("");
        problem.getStyleClass().setAll("problem");
    }

    private void clearMark() {
        if (errorLine > 0 && errorLine <= area.getParagraphs().size()) {
            area.setParagraphStyle(errorLine - 1, Collections.emptyList());
        }
        errorLine = -1;
    }

    /** The marked line, 1-based, or -1. */
    int errorLine() {
        return errorLine;
    }

    /** Whether a paragraph carries the error style (what the user sees), 1-based. */
    boolean lineLooksWrong(int line) {
        return area.getParagraph(line - 1).getParagraphStyle().contains("error-line");
    }

    String problemText() {
        return problem.getText();
    }

    /**
     * The longest text coloured (in characters): past it the whole text would be matched again on
     * the JavaFX thread at every keystroke (a 6 MB ontology took 4 s to open), so it is shown plain.
     */
    static final int MAX_HIGHLIGHTED = 1_000_000;

    private void restyle() {
        String text = area.getText();
        if (!text.isEmpty() && text.length() <= MAX_HIGHLIGHTED) {
            area.setStyleSpans(0, spans(text));
        }
    }

    private StyleSpans<Collection<String>> spans(String text) {
        Matcher m = highlight.matcher(text);
        int last = 0;
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        while (m.find()) {
            String style = groups.stream().filter(g -> m.group(g) != null).findFirst().orElse("plain");
            b.add(Collections.emptyList(), m.start() - last);
            b.add(List.of(style), m.end() - m.start());
            last = m.end();
        }
        b.add(Collections.emptyList(), text.length() - last);
        return b.create();
    }

    /** Turtle: comments, IRIs, prefixed names' prefixes, strings, numbers, directives, 'a'. */
    static CodeEditor turtle() {
        return new CodeEditor(Pattern.compile(
                "(?<comment>#[^\\n]*)|(?<string>\"\"\"[\\s\\S]*?\"\"\"|\"(?:[^\"\\\\\\n]|\\\\.)*\")|(?<iri><[^>\\s]*>)"
                        + "|(?<keyword>@prefix|@base|\\bPREFIX\\b|\\bBASE\\b|\\ba\\b(?=\\s))"
                        + "|(?<prefixed>\\b[A-Za-z][\\w-]*:(?=[\\w-]))|(?<number>\\b-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?\\b)"),
                List.of("comment", "string", "iri", "keyword", "prefixed", "number"));
    }

    /** DRL: comments, strings, rule keywords, numbers. */
    static CodeEditor drl() {
        return new CodeEditor(Pattern.compile(
                "(?<comment>//[^\\n]*|/\\*[\\s\\S]*?\\*/)|(?<string>\"(?:[^\"\\\\\\n]|\\\\.)*\")"
                        + "|(?<keyword>\\b(?:package|import|rule|when|then|end|declare|salience|not|exists|forall|from"
                        + "|collect|accumulate|insert|insertLogical|modify|retract|eval|function|global|query|no-loop"
                        + "|lock-on-active|agenda-group|new|if|else|return|true|false|null)\\b)"
                        + "|(?<number>\\b\\d+(?:\\.\\d+)?\\b)"),
                List.of("comment", "string", "keyword", "number"));
    }

    /** SPARQL: comments, strings, IRIs, variables, keywords. */
    static CodeEditor sparql() {
        return new CodeEditor(Pattern.compile(
                "(?<comment>#[^\\n]*)|(?<string>\"(?:[^\"\\\\\\n]|\\\\.)*\")|(?<iri><[^>\\s]*>)|(?<variable>[?$]\\w+)"
                        + "|(?<keyword>(?i)\\b(?:PREFIX|SELECT|DISTINCT|WHERE|OPTIONAL|FILTER|GRAPH|UNION|ORDER|BY|LIMIT"
                        + "|OFFSET|ASK|CONSTRUCT|DESCRIBE|GROUP|COUNT|AS|VALUES|BIND|NOT|EXISTS|MINUS|a)\\b)"),
                List.of("comment", "string", "iri", "variable", "keyword"));
    }
}
