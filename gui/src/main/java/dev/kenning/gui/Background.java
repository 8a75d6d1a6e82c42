package dev.kenning.gui;

import javafx.application.Platform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one thread that reads and writes knowledge (store, ontology files, rule packs, derived
 * constraints) for the views, so the JavaFX thread never waits on Jena or Drools and those calls
 * never race each other. Training has its own thread ({@link RunQueue}).
 */
final class Background {
    private static final ExecutorService KNOWLEDGE = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kenning-knowledge");
        t.setDaemon(true);
        return t;
    });

    private Background() {
    }

    /** Runs {@code work} off the JavaFX thread, then {@code done} or {@code failed} on it. */
    static <T> void run(Supplier<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        KNOWLEDGE.submit(() -> {
            try {
                T result = work.get();
                Platform.runLater(() -> done.accept(result));
            } catch (Throwable e) {
                Platform.runLater(() -> failed.accept(e));
            }
        });
    }

    /** A one-line message for the status bar: InputError messages already say where and what. */
    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\n\\s*", " ");
    }
}
