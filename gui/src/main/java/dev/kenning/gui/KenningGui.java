package dev.kenning.gui;

import dev.kenning.engine.NativeBackend;
import javafx.application.Application;

/**
 * Entry point of {@code ./kenning gui}. A class that does not extend Application, so JavaFX
 * can start from the class path on Java 17 (the launcher checks only the main class).
 */
public final class KenningGui {
    private KenningGui() {
    }

    public static void main(String[] args) {
        NativeBackend.select();
        Application.launch(KenningApp.class, args);
    }
}
