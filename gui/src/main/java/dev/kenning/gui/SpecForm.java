package dev.kenning.gui;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.workbench.spec.AdditionSpec;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The experiment form: one row per spec key, shown for the kinds of spec it belongs to (a
 * sequence-regression spec, or an image task by its {@code task}). It reads a spec's YAML document
 * and writes the edited values back into it; checking them is the spec loaders' work.
 * Long (over 500 lines) because it lists every key of both spec kinds with its control; the
 * rows are data, the logic around them small.
 */
final class SpecForm {
    static final String REGRESSION = "regression";
    private static final Set<String> SEQUENCE = Set.of(REGRESSION);
    private static final Set<String> IMAGE = Set.copyOf(ImageTaskSpec.TASKS);
    private static final Set<String> ALL = Set.of(REGRESSION, "few-shot", "zero-shot", "semi-supervised");
    private static final Set<String> FEW = Set.of("few-shot");
    private static final Set<String> HELD_OUT = Set.of("few-shot", "zero-shot");
    private static final Set<String> SEMI = Set.of("semi-supervised");
    private static final Set<String> SEEDED = Set.of("zero-shot", "semi-supervised");
    private static final Set<String> ADDITION = Set.of(AdditionSpec.TASK);
    /** Every kind the loaders know; the kinds with a task key. */
    private static final Set<String> KNOWN = union(ALL, ADDITION);
    private static final Set<String> TASKED = union(IMAGE, ADDITION);
    private static final List<String> TASKS = java.util.stream.Stream.concat(ImageTaskSpec.TASKS.stream(),
            ADDITION.stream()).toList();

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** SIZES: one number, or a comma-separated list of them (a value per block). */
    private enum Type { TEXT, LIST, SIZES, CHOICE, FLAG, CLASSES, WEIGHTS }

    /**
     * A row: the YAML key path it edits, its label, the spec kinds that have it, its control's type,
     * the choices of a CHOICE row, and what a FLAG row shows when the spec leaves the key out.
     */
    private record Row(String key, String label, Set<String> kinds, Type type, List<String> choices, boolean flagDefault) {
        Row(String key, String label, Set<String> kinds, Type type, List<String> choices) {
            this(key, label, kinds, type, choices, true);
        }

        Row(String key, String label, Set<String> kinds, Type type) {
            this(key, label, kinds, type, List.of());
        }

        Row(String key, String label, Set<String> kinds) {
            this(key, label, kinds, Type.TEXT, List.of());
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row("name", "name", KNOWN),
            new Row("seed", "seed", KNOWN),
            new Row("task", "task", TASKED, Type.CHOICE, TASKS),
            new Row("knowledge.ontologies", "ontologies (comma-separated)", KNOWN, Type.LIST),
            new Row("knowledge.rules", "rule packs (comma-separated)", KNOWN, Type.LIST),
            new Row("knowledge.weights", "constraint weights (blank: rule's)", SEQUENCE, Type.WEIGHTS),
            new Row("knowledge.wordnet", "WordNet hypernyms, senses under (blank: none)", IMAGE),
            new Row("knowledge.semantics", "logic semantics", IMAGE, Type.CHOICE, List.of("product", "godel", "lukasiewicz")),
            new Row("knowledge.weight", "knowledge loss weight", IMAGE),
            new Row("knowledge.profile_weight", "attribute evidence weight (testing)", FEW),
            new Row("knowledge.profile_prior", "graph profile counts as N images", FEW),
            new Row("knowledge.max_circuit_nodes", "largest circuit a formula may compile to", ADDITION),
            new Row("knowledge.compile_seconds", "longest a formula may take to compile (s)", ADDITION),
            new Row("data.generator", "data generator", SEQUENCE, Type.CHOICE, List.copyOf(ExperimentSpec.GENERATORS.keySet())),
            new Row("data.train_videos", "training videos", SEQUENCE),
            new Row("data.test_videos", "test videos", SEQUENCE),
            new Row("data.frames", "frames per video", SEQUENCE),
            new Row("data.fps", "frames per second", SEQUENCE),
            new Row("data.difficulty", "difficulty (generated video)", SEQUENCE, Type.CHOICE,
                    List.of("easy", "hard")),
            new Row("data.without", "hard, without (e.g. door, jpeg)", SEQUENCE, Type.LIST),
            new Row("data.objects", "hard: objects in all (blank: one per clip)", SEQUENCE),
            new Row("data.path", "frame folder or video (footage)", SEQUENCE),
            new Row("data.split", "test split (footage)", SEQUENCE, Type.CHOICE,
                    List.of("time", "sequence")),
            new Row("data.label_column", "labels.csv column to score (footage; blank: value)", SEQUENCE),
            new Row("data.window", "frames per window", SEQUENCE),
            new Row("data.frame_step", "take every k-th frame in a window (or auto)", SEQUENCE),
            new Row("data.dataset", "dataset", IMAGE, Type.CHOICE, ImageTaskSpec.Data.DATASETS),
            new Row("data.path", "dataset folder (blank: Debian's)", TASKED),
            // image tasks read these three from an image folder only (data.dataset: folder)
            new Row("data.image_size", "image size (px)", ALL),
            new Row("data.channels", "channels: auto, 1 grey, 3 RGB", IMAGE),
            new Row("data.test_fraction", "test share (folder without train/, test/)", TASKED),
            new Row("data.held_out", "held-out classes", HELD_OUT, Type.CLASSES),
            new Row("data.labelled", "labelled images (label budget)", SEMI),
            new Row("data.digits", "digits per number", ADDITION),
            new Row("model.conv_channels", "conv channels (comma-separated)", KNOWN, Type.LIST),
            new Row("model.kernel", "kernel sizes (comma-separated)", SEQUENCE, Type.SIZES),
            new Row("model.init", "initialisation", SEQUENCE, Type.CHOICE, List.of("he", "truncated_normal")),
            new Row("model.init_std", "truncated-normal sd", SEQUENCE),
            new Row("model.dense", "dense units", SEQUENCE),
            new Row("model.head", "dense layer reads: every feature, or each channel's place", SEQUENCE, Type.CHOICE,
                    ExperimentSpec.HEADS),
            new Row("model.normalise", "each frame first: none, or standardised", SEQUENCE, Type.CHOICE,
                    ExperimentSpec.NORMALISE),
            new Row("training.steps", "training steps", ALL),
            new Row("training.epochs", "epochs (each uses every training image once)", ADDITION),
            new Row("training.batch_videos", "videos per batch", SEQUENCE),
            new Row("training.ways", "training ways (auto: the base classes, at most 25)", FEW),
            new Row("training.shots", "training shots (auto: a third of 75 images)", FEW),
            new Row("training.queries", "training queries per class (auto: the rest)", FEW),
            new Row("training.batch", "labelled images per step", SEEDED),
            new Row("training.batch", "examples (pairs of numbers) per step", ADDITION),
            new Row("training.unlabelled_batch", "unlabelled images per step", SEMI),
            new Row("training.learning_rate", "learning rate", KNOWN),
            new Row("training.lr_schedule", "learning rate schedule (to 0 at the last step)", SEQUENCE, Type.CHOICE,
                    ExperimentSpec.LR_SCHEDULES),
            new Row("training.log_every", "log every (steps)", KNOWN),
            new Row("training.early_stopping.every", "early stop: check every (steps)", SEQUENCE),
            new Row("training.early_stopping.held_out", "early stop: held-out share", SEQUENCE),
            new Row("training.early_stopping.windows", "early stop: on held_out, or test frames (transductive)", SEQUENCE,
                    Type.CHOICE, ExperimentSpec.EarlyStopping.WINDOWS),
            new Row("training.early_stopping.patience", "early stop: patience (checks)", SEQUENCE),
            new Row("training.early_stopping.criterion", "early stop: on the loss, or the laws' loss per spread", SEQUENCE,
                    Type.CHOICE, ExperimentSpec.EarlyStopping.CRITERIA),
            new Row("training.restarts", "label-free restarts", SEQUENCE),
            new Row("training.restarts_combine", "restarts: keep the lowest loss, or average their tracks", SEQUENCE,
                    Type.CHOICE, ExperimentSpec.RESTARTS_COMBINE),
            new Row("training.ema_decay", "weight average decay (blank: none; e.g. 0.99)", SEQUENCE),
            new Row("training.transductive", "label-free: train on the test frames too, unlabelled (transductive)", SEQUENCE,
                    Type.FLAG, List.of(), false),
            new Row("training.augment.shift", "augment: horizontal shift (share of width)", SEQUENCE),
            new Row("training.augment.flip", "augment: mirror left-right", SEQUENCE, Type.FLAG, List.of(), false),
            new Row("training.augment.brightness", "augment: brightness (±)", SEQUENCE),
            new Row("training.augment.contrast", "augment: contrast (1 ± x)", SEQUENCE),
            new Row("training.augment.test_time", "augment: test frames also mirrored and shifted", SEQUENCE, Type.FLAG,
                    List.of(), false),
            new Row("training.supervised_baseline", "train a supervised baseline beside it", SEQUENCE, Type.FLAG),
            new Row("evaluation.episodes", "test episodes", FEW),
            new Row("evaluation.ways", "test ways", FEW),
            new Row("evaluation.shots", "test shots (label budget)", FEW, Type.LIST),
            new Row("evaluation.queries", "test queries per class", FEW),
            new Row("evaluation.shuffled_control", "train a shuffled-knowledge control beside it", FEW, Type.FLAG, List.of(), false),
            new Row("evaluation.seeds", "seeds", union(SEEDED, ADDITION)),
            new Row("evaluation.baseline", "train the baseline predicting sums from images", ADDITION, Type.FLAG));

    final GridPane grid = new GridPane();
    final Label problem = new Label();
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private String kind = REGRESSION;
    private List<String> classNames = List.of();
    private Map<String, Double> ruleWeights = Map.of();

    SpecForm() {
        grid.setHgap(8);
        grid.setVgap(5);
        grid.setPadding(new Insets(10));
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        // long labels wrap rather than squeeze the values to a few characters
        labels.setMinWidth(170);
        labels.setMaxWidth(230);
        javafx.scene.layout.ColumnConstraints values = new javafx.scene.layout.ColumnConstraints();
        values.setHgrow(javafx.scene.layout.Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().setAll(labels, values);
        problem.setWrapText(true);
        problem.getStyleClass().add("problem");
        problem.setMaxWidth(380);
    }

    /** The kind of spec a YAML document is: its task, or regression when it has none. */
    static String kindOf(Map<String, Object> doc) {
        Object task = doc.get("task");
        return task == null ? REGRESSION : task.toString();
    }

    String kind() {
        return kind;
    }

    /** Shows the rows of {@code doc}'s kind, filled with its values (absent keys stay blank: the defaults). */
    void show(Map<String, Object> doc) {
        kind = kindOf(doc);
        rebuild();
        for (Map.Entry<String, Field> e : fields.entrySet()) {
            e.getValue().show(SpecDocument.get(doc, e.getKey()));
        }
        problem.setText("");
    }

    private void rebuild() {
        grid.getChildren().clear();
        fields.clear();
        int r = 0;
        for (Row row : ROWS) {
            // A task the loaders do not know still gets the task row, to choose one they do.
            if (row.kinds.contains(kind) || row.key.equals("task") && !KNOWN.contains(kind)) {
                Field f = field(row);
                fields.put(row.key, f);
                if (row.type == Type.FLAG) {
                    grid.add(f.node(), 1, r++);
                } else {
                    Label label = new Label(row.label);
                    label.setWrapText(true);
                    label.setLabelFor(f.node());
                    if (f.node() instanceof javafx.scene.layout.Region value) {
                        value.setMaxWidth(Double.MAX_VALUE); // a choice fills its column too, showing its value
                    }
                    grid.addRow(r++, label, f.node());
                }
            }
        }
        grid.add(problem, 0, r, 2, 1);
    }

    private Field field(Row row) {
        return switch (row.type) {
            case TEXT -> new TextRow(false, false);
            case LIST -> new TextRow(true, false);
            case SIZES -> new TextRow(true, true);
            case CHOICE -> new ChoiceRow(row.key.equals("task") ? this::taskChosen : null, row.choices);
            case FLAG -> new FlagRow(row.label, row.flagDefault);
            case CLASSES -> new ClassesRow(classNames);
            case WEIGHTS -> new WeightsRow(ruleWeights);
        };
    }

    /** Another task keeps the values the new task shares with the old one and shows its own rows. */
    private void taskChosen(String task) {
        if (task == null || task.equals(kind)) {
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        write(doc);
        SpecDocument.put(doc, "task", task);
        show(doc);
    }

    /**
     * Puts the form's values into {@code doc}: blank fields remove their key (the default applies),
     * and keys of this form's other spec kinds are removed, so a changed task leaves none behind.
     */
    void write(Map<String, Object> doc) {
        for (Row row : ROWS) {
            if (!row.kinds.contains(kind) && TASKED.contains(kind) && row.kinds.stream().anyMatch(TASKED::contains)) {
                SpecDocument.put(doc, row.key, null);
            }
        }
        // A section whose rows were all blanked goes: an empty training.early_stopping would turn it on.
        List<String> filled = fields.keySet().stream().map(SpecForm::section).distinct()
                .filter(sec -> SpecDocument.get(doc, sec) instanceof Map<?, ?> m && !m.isEmpty()).toList();
        fields.forEach((key, f) -> SpecDocument.put(doc, key, f.value()));
        for (String sec : filled) {
            if (SpecDocument.get(doc, sec) instanceof Map<?, ?> m && m.isEmpty()) {
                SpecDocument.put(doc, sec, null);
            }
        }
    }

    /** The section a key sits in: {@code training.early_stopping} for {@code training.early_stopping.every}. */
    private static String section(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** The dataset's class names (from the derived knowledge), offered as held-out choices. */
    void classNames(List<String> names) {
        classNames = List.copyOf(names);
        if (fields.get("data.held_out") instanceof ClassesRow c) {
            c.offer(classNames);
        }
    }

    /** The weight each derived constraint kind has from its rule, offered beside the spec's own weights. */
    void derivedConstraints(List<ConstraintSpec> constraints) {
        Map<String, Double> w = new TreeMap<>();
        constraints.forEach(c -> w.putIfAbsent(c.kind(), c.weight()));
        ruleWeights = w;
        if (fields.get("knowledge.weights") instanceof WeightsRow row) {
            row.offer(ruleWeights);
        }
    }

    /** Marks the fields whose key a loader's message names ("'training.shots' must be ..."). */
    void complain(String message) {
        problem.setText(message);
        fields.forEach((key, f) -> {
            boolean named = message.contains("'" + key + "'") || message.contains("'" + key + ".") || message.contains(key + " ");
            f.node().getStyleClass().remove("invalid");
            if (named) {
                f.node().getStyleClass().add("invalid");
            }
        });
    }

    void clearComplaint() {
        complain("");
    }

    /** The text of a row's control (tests and screenshots read it). */
    TextField text(String key) {
        Field f = fields.get(key);
        return f instanceof TextRow t ? t.text : f instanceof ClassesRow c ? c.text : null;
    }

    CheckBox classBox(String name) {
        return fields.get("data.held_out") instanceof ClassesRow c ? c.boxes.get(name) : null;
    }

    CheckBox flag(String key) {
        return fields.get(key) instanceof FlagRow f ? f.box : null;
    }

    ComboBox<String> choice(String key) {
        return fields.get(key) instanceof ChoiceRow c ? c.box : null;
    }

    TextField weight(String constraintKind) {
        return fields.get("knowledge.weights") instanceof WeightsRow w ? w.fields.get(constraintKind) : null;
    }

    boolean invalid(String key) {
        Field f = fields.get(key);
        return f != null && f.node().getStyleClass().contains("invalid");
    }

    /** A control that shows a YAML value and gives the edited one back (null: remove the key). */
    private interface Field {
        Node node();

        void show(Object value);

        Object value();
    }

    /** Numbers as numbers, lists (comma-separated) as lists, the rest as strings. */
    static Object scalar(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return s;
            }
        }
    }

    private static String display(Object value) {
        return value == null ? "" : value instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }

    private static List<Object> items(String text) {
        List<Object> items = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                items.add(scalar(s.trim()));
            }
        }
        return items;
    }

    private static final class TextRow implements Field {
        final TextField text = new TextField();
        private final boolean list;
        private final boolean oneAsScalar;

        TextRow(boolean list, boolean oneAsScalar) {
            this.list = list;
            this.oneAsScalar = oneAsScalar;
            text.setPrefColumnCount(14);
        }

        @Override
        public Node node() {
            return text;
        }

        @Override
        public void show(Object value) {
            text.setText(display(value));
        }

        @Override
        public Object value() {
            String t = text.getText().trim();
            if (t.isEmpty()) {
                return null;
            }
            List<Object> items = items(t);
            return !list ? scalar(t) : oneAsScalar && items.size() == 1 ? items.get(0) : items;
        }
    }

    private static final class ChoiceRow implements Field {
        final ComboBox<String> box = new ComboBox<>();

        ChoiceRow(java.util.function.Consumer<String> chosen, List<String> choices) {
            box.getItems().setAll(choices);
            if (chosen != null) {
                box.valueProperty().addListener((o, a, b) -> {
                    if (a != null) {
                        // Rebuilding the form inside the combo box's own event would pull it from under itself.
                        javafx.application.Platform.runLater(() -> chosen.accept(b));
                    }
                });
            }
        }

        @Override
        public Node node() {
            return box;
        }

        @Override
        public void show(Object value) {
            String v = value == null ? null : value.toString();
            if (v != null && !box.getItems().contains(v)) {
                box.getItems().add(v);
            }
            box.setValue(v);
        }

        @Override
        public Object value() {
            return box.getValue();
        }
    }

    /** A check box; a key the spec did not have stays out of it while the box shows its default. */
    private static final class FlagRow implements Field {
        final CheckBox box;
        private final boolean whenAbsent;
        private boolean absent;

        FlagRow(String label, boolean whenAbsent) {
            box = new CheckBox(label);
            this.whenAbsent = whenAbsent;
        }

        @Override
        public Node node() {
            return box;
        }

        @Override
        public void show(Object value) {
            absent = value == null;
            box.setSelected(absent ? whenAbsent : Boolean.TRUE.equals(value));
        }

        @Override
        public Object value() {
            return absent && box.isSelected() == whenAbsent ? null : box.isSelected();
        }
    }

    /**
     * Held-out classes as a comma-separated list, with a check box per class of the dataset that
     * adds or removes it: typing stays possible (and a name the dataset lacks is refused on save).
     */
    private static final class ClassesRow implements Field {
        final TextField text = new TextField();
        final FlowPane picks = new FlowPane(10, 4);
        final Map<String, CheckBox> boxes = new LinkedHashMap<>();
        private final VBox node = new VBox(4, text, picks);
        private boolean syncing;

        ClassesRow(List<String> classes) {
            text.setPrefColumnCount(14);
            picks.setPrefWrapLength(240);
            text.textProperty().addListener((o, a, b) -> syncBoxes());
            offer(classes);
        }

        void offer(List<String> classes) {
            picks.getChildren().clear();
            boxes.clear();
            for (String c : classes) {
                CheckBox box = new CheckBox(c);
                box.selectedProperty().addListener((o, a, on) -> toggle(c, on));
                boxes.put(c, box);
                picks.getChildren().add(box);
            }
            if (classes.isEmpty()) {
                picks.getChildren().add(new Label("(the dataset's classes appear once the knowledge is derived)"));
            }
            syncBoxes();
        }

        private List<String> names() {
            return items(text.getText()).stream().map(String::valueOf).map(s -> s.replaceFirst("^class:", "")).toList();
        }

        private void toggle(String name, boolean on) {
            if (syncing) {
                return;
            }
            List<String> names = new ArrayList<>(names());
            names.remove(name);
            if (on) {
                names.add(name);
            }
            text.setText(String.join(", ", names));
        }

        private void syncBoxes() {
            syncing = true;
            List<String> names = names();
            boxes.forEach((c, box) -> box.setSelected(names.contains(c)));
            syncing = false;
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public void show(Object value) {
            text.setText(display(value));
        }

        @Override
        public Object value() {
            List<Object> items = items(text.getText());
            return items.isEmpty() ? null : items.stream().map(String::valueOf).toList();
        }
    }

    /** One weight per derived constraint kind; blank keeps the rule's weight (shown as the prompt). */
    private static final class WeightsRow implements Field {
        final GridPane grid = new GridPane();
        final Map<String, TextField> fields = new LinkedHashMap<>();
        private final Map<String, String> written = new TreeMap<>();
        private Map<String, Double> ruleWeights;

        WeightsRow(Map<String, Double> ruleWeights) {
            grid.setHgap(6);
            grid.setVgap(3);
            this.ruleWeights = ruleWeights;
            render();
        }

        void offer(Map<String, Double> weights) {
            keepTyped();
            ruleWeights = weights;
            render();
        }

        private void keepTyped() {
            fields.forEach((k, f) -> {
                if (f.getText().isBlank()) {
                    written.remove(k);
                } else {
                    written.put(k, f.getText().trim());
                }
            });
        }

        /** A row per kind the rules derive, and per kind the spec weighs (a stale one is refused on Run). */
        private void render() {
            grid.getChildren().clear();
            fields.clear();
            java.util.SortedSet<String> kinds = new java.util.TreeSet<>(ruleWeights.keySet());
            kinds.addAll(written.keySet());
            int r = 0;
            for (String k : kinds) {
                TextField f = new TextField(written.getOrDefault(k, ""));
                f.setPrefColumnCount(6);
                Double rule = ruleWeights.get(k);
                f.setPromptText(rule == null ? "" : String.format(Locale.ROOT, "%.3g", rule));
                fields.put(k, f);
                grid.addRow(r++, new Label(k), f);
            }
            if (kinds.isEmpty()) {
                grid.add(new Label("(the derived constraints appear here)"), 0, 0);
            }
        }

        @Override
        public Node node() {
            return grid;
        }

        @Override
        public void show(Object value) {
            written.clear();
            if (value instanceof Map<?, ?> m) {
                m.forEach((k, v) -> written.put(String.valueOf(k), String.valueOf(v)));
            }
            render();
        }

        @Override
        public Object value() {
            Map<String, Object> w = new TreeMap<>();
            fields.forEach((k, f) -> {
                if (!f.getText().isBlank()) {
                    w.put(k, scalar(f.getText().trim()));
                }
            });
            return w.isEmpty() ? null : w;
        }
    }
}
