package dev.kenning.gui;

import dev.kenning.workbench.edit.OntologyEditor.Named;
import dev.kenning.workbench.edit.OntologyEditor.Neighbourhood;
import javafx.geometry.Bounds;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The selected class's neighbourhood drawn by hand: its superclasses above, subclasses below,
 * disjoint classes to the left and attributes (has, lacks, may have) to the right, each joined to
 * it by a labelled line. Clicking a class opens it.
 */
final class NeighbourhoodGraph extends Pane {
    private static final double W = 900;
    private static final double H = 560;
    private final Consumer<String> open;
    /** The labels drawn, for tests and screenshots. */
    final List<String> nodes = new ArrayList<>();

    NeighbourhoodGraph(Consumer<String> open) {
        this.open = open;
        setPrefSize(W, H);
        setMinSize(W, H);
        getStyleClass().add("graph");
    }

    void show(Neighbourhood n) {
        getChildren().clear();
        nodes.clear();
        double cx = W / 2;
        double cy = H / 2;
        Label centre = node(n.cls(), "graph-centre", cx, cy, false);
        row(n.superclasses(), cy - 170, centre, "subClassOf ↑", "graph-class", true);
        row(n.subclasses(), cy + 170, centre, "subClassOf ↓", "graph-class", true);
        column(n.disjoint(), cx - 330, centre, "disjoint", "graph-disjoint", true);
        List<Named> attributes = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (Map.Entry<String, List<Named>> e : n.attributes().entrySet()) {
            for (Named a : e.getValue()) {
                attributes.add(a);
                links.add(e.getKey());
            }
        }
        for (int i = 0; i < attributes.size(); i++) {
            double y = spread(i, attributes.size(), cy, 440);
            Label a = node(attributes.get(i), "graph-attribute-" + links.get(i).replace(' ', '-'), cx + 330, y, false);
            edge(centre, a, links.get(i));
        }
        centre.toFront();
    }

    private void row(List<Named> items, double y, Label centre, String edge, String style, boolean clickable) {
        for (int i = 0; i < items.size(); i++) {
            Label l = node(items.get(i), style, spread(i, items.size(), W / 2, 760), y, clickable);
            edge(centre, l, edge);
        }
    }

    private void column(List<Named> items, double x, Label centre, String edge, String style, boolean clickable) {
        for (int i = 0; i < items.size(); i++) {
            Label l = node(items.get(i), style, x, spread(i, items.size(), H / 2, 440), clickable);
            edge(centre, l, edge);
        }
    }

    private static double spread(int i, int n, double middle, double span) {
        return n == 1 ? middle : middle - span / 2 + span * i / (n - 1);
    }

    private Label node(Named named, String style, double x, double y, boolean clickable) {
        Label l = new Label(named.label());
        l.getStyleClass().addAll("graph-node", style);
        l.setLayoutX(x - 60);
        l.setLayoutY(y - 12);
        l.setMinWidth(120);
        l.setAlignment(javafx.geometry.Pos.CENTER);
        if (clickable) {
            l.setOnMouseClicked(e -> open.accept(named.iri()));
            l.setStyle("-fx-cursor: hand;");
        }
        getChildren().add(l);
        nodes.add(named.label());
        return l;
    }

    private void edge(Label from, Label to, String text) {
        double x1 = from.getLayoutX() + 60;
        double y1 = from.getLayoutY() + 12;
        double x2 = to.getLayoutX() + 60;
        double y2 = to.getLayoutY() + 12;
        Line line = new Line(x1, y1, x2, y2);
        line.setStroke(Color.web("#8a94a6"));
        Text t = new Text((x1 + x2) / 2 + 4, (y1 + y2) / 2 - 4, text);
        t.setFill(Color.web("#5a6475"));
        getChildren().add(0, line);
        getChildren().add(1, t);
    }

    @Override
    public String toString() {
        Bounds b = getLayoutBounds();
        return "graph of " + nodes + " in " + b.getWidth() + "×" + b.getHeight();
    }
}
