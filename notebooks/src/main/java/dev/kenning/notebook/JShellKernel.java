package dev.kenning.notebook;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

import java.awt.image.RenderedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A Jupyter kernel for Java: each cell is split into snippets and evaluated by one JShell that
 * lives as long as the kernel, inside the kernel's JVM. A cell that does not compile, or that
 * throws, fails with {@link CompileError} or {@link CellException}, which Jupyter reports as the
 * cell's error (and {@code nbconvert --execute} as a failed run). If the cell ends in an
 * expression, its value is the cell's result: an image as PNG, {@link DisplayData} as it is,
 * anything else as its text.
 */
public final class JShellKernel extends BaseKernel {
    private static final Object NO_RESULT = new Object();

    private final JShell shell;
    private final CapturingExecution execution;

    /** @param classpath what the cells compile against, in {@link File#pathSeparator}-separated form */
    public JShellKernel(String classpath) {
        super("kenning-java", version(), new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString()).mimetype("text/x-java").fileExtension(".java")
                        .pygments("java").codemirror("text/x-java").build(),
                List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null,
                new MagicsRegistry(), false, new StringStyler.Builder().build());
        this.execution = new CapturingExecution();
        this.shell = JShell.builder().executionEngine(execution.provider(), java.util.Map.of()).build();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
    }

    private static String version() {
        String v = JShellKernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public Object evalRaw(String cell) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = cell;
        int offset = 0;
        Object result = NO_RESULT;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            int start = offset + leadingSpace(remaining);
            switch (info.completeness()) {
                case EMPTY -> {
                    return result == NO_RESULT ? null : result;
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> throw new CompileError("line "
                        + lineOf(cell, start) + ": the cell ends inside an unfinished statement or block: "
                        + abbreviate(remaining.strip()));
                default -> {
                }
            }
            String source = info.source() == null ? remaining : info.source();
            String rest = info.source() == null ? "" : info.remaining();
            result = evaluate(cell, start, source);
            offset += remaining.length() - rest.length();
            remaining = rest;
        }
        return result == NO_RESULT ? null : result;
    }

    /** Runs one snippet; returns its value if it is an expression with one, else {@link #NO_RESULT}. */
    private Object evaluate(String cell, int start, String source) {
        Object result = NO_RESULT;
        for (SnippetEvent event : shell.eval(source)) {
            if (event.causeSnippet() != null) {
                continue; // another snippet updated because this one changed something it used
            }
            Snippet snippet = event.snippet();
            switch (event.status()) {
                case REJECTED -> throw new CompileError(diagnostics(cell, start, snippet));
                case RECOVERABLE_DEFINED, RECOVERABLE_NOT_DEFINED -> throw new CompileError("line " + lineOf(cell, start)
                        + ": '" + abbreviate(snippet.source().strip()) + "' uses what is not defined: "
                        + shell.unresolvedDependencies((DeclarationSnippet) snippet).collect(Collectors.joining(", ")));
                default -> {
                }
            }
            if (event.exception() != null) {
                throw new CellException(event.exception());
            }
            boolean expression = snippet instanceof ExpressionSnippet || (snippet instanceof VarSnippet
                    && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
            if (expression && !"void".equals(typeName(snippet))) {
                result = execution.lastValue();
            }
        }
        return result;
    }

    private static String typeName(Snippet s) {
        if (s instanceof VarSnippet v) {
            return v.typeName();
        }
        return s instanceof ExpressionSnippet e ? e.typeName() : "";
    }

    @Override
    public DisplayData eval(String cell) {
        Object value = evalRaw(cell);
        if (value == null) {
            return null;
        }
        if (value instanceof DisplayData d) {
            return d;
        }
        if (value instanceof RenderedImage image) {
            return Notebook.png(image);
        }
        return getRenderer().render(value);
    }

    private String diagnostics(String cell, int start, Snippet snippet) {
        List<String> lines = new ArrayList<>();
        for (Diag d : shell.diagnostics(snippet).toList()) {
            if (!d.isError()) {
                continue;
            }
            long at = Math.max(0, d.getStartPosition());
            lines.add("line " + lineOf(cell, start + (int) Math.min(at, snippet.source().length())) + ": "
                    + d.getMessage(Locale.ROOT).lines().filter(l -> !l.strip().startsWith("location:"))
                    .collect(Collectors.joining(" ")).replaceAll("\\s+", " "));
        }
        if (lines.isEmpty()) {
            lines.add("line " + lineOf(cell, start) + ": does not compile: " + abbreviate(snippet.source().strip()));
        }
        return String.join("\n", lines);
    }

    private static int lineOf(String cell, int index) {
        int line = 1;
        for (int i = 0; i < Math.min(index, cell.length()); i++) {
            if (cell.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String abbreviate(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }

    /** Our own errors read as one message; anything else (a bug in the kernel) with its stack trace. */
    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CompileError) {
            return e.getMessage().lines().toList();
        }
        if (e instanceof CellException) {
            List<String> lines = new ArrayList<>();
            for (Throwable t = e; t != null; t = t.getCause()) {
                lines.add((t == e ? "" : "Caused by: ") + t.getMessage());
                for (StackTraceElement frame : t.getStackTrace()) {
                    if (frame.getClassName().startsWith("jdk.internal.reflect") || frame.getClassName().startsWith("jdk.jshell")
                            || frame.getClassName().startsWith("java.lang.reflect") || frame.getClassName().startsWith("dev.kenning.notebook.CapturingExecution")) {
                        break; // below here is the kernel evaluating the cell
                    }
                    lines.add("    at " + frame);
                }
            }
            return lines;
        }
        return super.formatError(e);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs = shell.sourceCodeAnalysis().documentation(code, at, false);
        if (docs.isEmpty()) {
            return null;
        }
        return new DisplayData(docs.stream().map(SourceCodeAnalysis.Documentation::signature).collect(Collectors.joining("\n")));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        return switch (shell.sourceCodeAnalysis().analyzeCompletion(code).completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public void onStartup() {
        installNotebookKernel();
    }

    @Override
    public void onShutdown(boolean restarting) {
        shell.close();
        uninstallNotebookKernel();
    }

    /** Starts this kernel on the connection file Jupyter passes, until Jupyter shuts it down. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: JShellKernel CONNECTION_FILE   (Jupyter starts this; see notebooks/install-kernel)");
            System.exit(2);
        }
        // ND4J's native build is chosen once, before ND4J loads: a cell may touch ND4J before Workbench.run does.
        dev.kenning.engine.NativeBackend.select();
        var properties = org.dflib.jjava.jupyter.kernel.KernelConnectionProperties.parse(
                java.nio.file.Files.readString(java.nio.file.Path.of(args[0])));
        var connection = new org.dflib.jjava.jupyter.channels.JupyterConnection(properties);
        JShellKernel kernel = new JShellKernel(System.getProperty("java.class.path"));
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0); // ND4J's native threads would otherwise keep the JVM alive
    }
}
