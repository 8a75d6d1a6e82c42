package dev.kenning.gui;

import java.util.concurrent.atomic.AtomicBoolean;

import static dev.kenning.gui.Screenshots.waitFor;

/** For tests: waits until the knowledge thread ({@link Background}) has nothing left, so a workspace can be deleted. */
final class KnowledgeThread {
    private KnowledgeThread() {
    }

    /** Three rounds: work that finishes may queue more (an edit re-derives, a refresh shows a class). */
    static void settle() {
        for (int i = 0; i < 3; i++) {
            AtomicBoolean idle = new AtomicBoolean();
            Background.run(() -> null, x -> idle.set(true), e -> idle.set(true));
            waitFor("the knowledge thread to be idle", idle::get, 60);
            Screenshots.pause(300);
        }
    }
}
