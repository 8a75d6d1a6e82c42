package dev.kenning.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops what one thread writes to {@code System.out} while it runs some work, and nothing else.
 * ND4J prints a line per op while it builds a gradient graph; several runs of a sweep share one
 * JVM under {@code local[N]}, so swapping {@code System.out} per call would race (one run
 * restoring another's silenced stream) and hide the other runs' progress lines. Instead a
 * single filtering stream is installed while any thread is quiet and removed by the last one.
 */
final class QuietStdout {

    private static final Object LOCK = new Object();
    private static final Set<Thread> QUIET = ConcurrentHashMap.newKeySet();
    private static int depth;
    private static PrintStream original;

    private QuietStdout() {
    }

    /** Runs {@code work} with this thread's writes to {@code System.out} dropped. */
    static void during(Runnable work) {
        Thread me = Thread.currentThread();
        boolean nested = !QUIET.add(me);
        if (!nested) {
            enter();
        }
        try {
            work.run();
        } finally {
            if (!nested) {
                QUIET.remove(me);
                leave();
            }
        }
    }

    private static void enter() {
        synchronized (LOCK) {
            if (depth++ == 0) {
                original = System.out;
                System.setOut(new PrintStream(new Filter(original), true));
            }
        }
    }

    private static void leave() {
        synchronized (LOCK) {
            if (--depth == 0) {
                System.out.flush();
                System.setOut(original);
                original = null;
            }
        }
    }

    /** Forwards bytes to the stream it wraps unless the writing thread is quiet. */
    private static final class Filter extends OutputStream {
        private final PrintStream to;

        Filter(PrintStream to) {
            this.to = to;
        }

        @Override
        public void write(int b) {
            if (!QUIET.contains(Thread.currentThread())) {
                to.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (!QUIET.contains(Thread.currentThread())) {
                to.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            to.flush();
        }
    }
}
