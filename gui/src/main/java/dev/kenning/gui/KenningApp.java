package dev.kenning.gui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;

/**
 * The desktop application: {@code --workspace DIR} opens (or creates) a workspace at start,
 * else the most recent one, else {@code ./kenning-workspace}; {@code --screenshots DIR} writes a
 * PNG of each view and quits (for the README, under Xvfb).
 */
public final class KenningApp extends Application {

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        Path workspace = option(args, "--workspace");
        Path screenshots = option(args, "--screenshots");
        WorkbenchWindow window = new WorkbenchWindow(stage, uri -> getHostServices().showDocument(uri));
        stage.show();
        if (workspace == null) {
            workspace = RecentWorkspaces.list().stream().findFirst().orElse(Path.of("kenning-workspace"));
        }
        window.open(workspace);
        if (screenshots != null) {
            Screenshots.take(window, screenshots, () -> Platform.exit());
        }
    }

    private static Path option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size()) {
            System.err.println("kenning gui: " + name + " needs a folder");
            Platform.exit();
            return null;
        }
        return Path.of(args.get(i + 1));
    }
}
