package dev.kenning.rules;

/**
 * What a rule pack's loops and regular expressions check as they go ({@link PackCheck#guard} puts
 * the call in each {@code while} and {@code for} condition, and routes String's regular-expression
 * methods through {@link #text}, before the pack is compiled): derivation that has been stopped
 * interrupts the firing thread, and the loop or the match then ends with {@link Stopped} instead of
 * running on, unseen, on a thread no one can stop. Public because the code Drools generates from
 * the pack calls it.
 */
public final class RuleDeadline {
    private RuleDeadline() {
    }

    /** Thrown in a rule's loop or regular expression once derivation has been stopped. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("derivation was stopped while this rule looped or matched");
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

    /** A string whose regular-expression methods can be stopped: what a pack's {@code s.replaceAll(…)} calls. */
    public static Text text(String s) {
        return new Text(s);
    }

    /**
     * String's regular-expression methods, with the same results, over the string read through
     * {@link #running()}: java.util.regex reads its input one {@code charAt} at a time, however long
     * it backtracks, so each read checks whether derivation was stopped.
     */
    public static final class Text {
        private final String s;

        private Text(String s) {
            this.s = java.util.Objects.requireNonNull(s);
        }

        public String replaceAll(String regex, String replacement) {
            return java.util.regex.Pattern.compile(regex).matcher(new Checked(s)).replaceAll(replacement);
        }

        public String replaceFirst(String regex, String replacement) {
            return java.util.regex.Pattern.compile(regex).matcher(new Checked(s)).replaceFirst(replacement);
        }

        public boolean matches(String regex) {
            return java.util.regex.Pattern.compile(regex).matcher(new Checked(s)).matches();
        }

        public String[] split(String regex) {
            return split(regex, 0);
        }

        public String[] split(String regex, int limit) {
            return java.util.regex.Pattern.compile(regex).split(new Checked(s), limit);
        }
    }

    /** A string whose every character read checks {@link #running()}. */
    private record Checked(CharSequence s) implements CharSequence {
        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            running();
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Checked(s.subSequence(start, end));
        }

        @Override
        public String toString() {
            return s.toString();
        }
    }
}
