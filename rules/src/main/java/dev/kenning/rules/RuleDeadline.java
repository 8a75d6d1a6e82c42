package dev.kenning.rules;

/**
 * What a rule pack's loops check on each pass ({@link PackCheck#guardLoops} puts the call in each
 * {@code while} and {@code for} condition before the pack is compiled): derivation that has been
 * stopped interrupts the firing thread, and the loop then ends with {@link Stopped} instead of
 * running on, unseen, on a thread no one can stop. Public because the code Drools generates from
 * the pack calls it.
 */
public final class RuleDeadline {
    private RuleDeadline() {
    }

    /** Thrown in a rule's loop once derivation has been stopped. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("derivation was stopped while this rule looped");
        }
    }

    /**
     * True while derivation may go on.
     *
     * @throws Stopped once the firing thread has been interrupted (derivation stopped)
     */
    public static boolean running() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Stopped();
        }
        return true;
    }
}
