package dev.kenning.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuietStdoutTest {

    private PrintStream saved;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream capture;

    @BeforeEach
    void captureStdout() {
        saved = System.out;
        capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(saved);
    }

    /**
     * Two runs silence gradient building at once and the first finishes first: the second must not
     * restore the first's silenced stream, and a third thread printing meanwhile must be heard.
     */
    @Test
    void overlappingQuietThreadsHideOnlyTheirOwnOutput() throws Exception {
        CountDownLatch aInside = new CountDownLatch(1);
        CountDownLatch bInside = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        CountDownLatch aDone = new CountDownLatch(1);
        CountDownLatch releaseB = new CountDownLatch(1);
        Thread a = new Thread(() -> QuietStdout.during(() -> {
            System.out.println("hidden from A");
            aInside.countDown();
            await(releaseA);
        }));
        Thread b = new Thread(() -> {
            await(aInside);
            QuietStdout.during(() -> {
                System.out.println("hidden from B");
                bInside.countDown();
                await(releaseB);
            });
        });
        a.start();
        b.start();
        assertTrue(bInside.await(10, TimeUnit.SECONDS));
        System.out.println("heard while both are quiet");
        releaseA.countDown();
        a.join(10_000);
        System.out.println("heard while B is quiet");
        releaseB.countDown();
        b.join(10_000);
        System.out.println("heard after");

        assertSame(capture, System.out, "System.out is the stream it was before");
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals("heard while both are quiet\nheard while B is quiet\nheard after\n",
                text.replace(System.lineSeparator(), "\n"));
        assertFalse(text.contains("hidden"));
    }

    @Test
    void aNestedQuietCallKeepsTheOuterOneQuiet() {
        QuietStdout.during(() -> {
            QuietStdout.during(() -> System.out.println("hidden inner"));
            System.out.println("hidden outer");
        });
        System.out.println("heard");
        assertSame(capture, System.out);
        assertEquals("heard\n", captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
