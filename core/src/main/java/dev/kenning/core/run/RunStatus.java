package dev.kenning.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.InputError;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a run's {@code status.json} says: {@code running} (with when it started), then
 * {@code completed} (when it finished and its wall time, rounded to 0.1 s), {@code cancelled}
 * (with the message) or {@code failed} (with the error). Fields a state does not write are null
 * ({@code started}, {@code finished}), NaN ({@code wallSeconds}) or "" ({@code message}): a
 * completed run's status keeps only when it finished, not when it started.
 */
public record RunStatus(State state, Instant started, Instant finished, double wallSeconds, String message) {

    /**
     * The four states status.json spells ({@link #word()}), and {@code INTERRUPTED}, which no run
     * writes: a "running" status whose run no live process holds any more (killed, or the machine
     * went down), as {@link RunFolder#status()} reads it.
     */
    public enum State {
        RUNNING, COMPLETED, CANCELLED, FAILED, INTERRUPTED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for a word that is none of the four */
        public static State parse(String word) {
            for (State s : values()) {
                if (s.word().equals(word)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown status '" + word + "' (expected running, completed, cancelled, failed"
                    + " or interrupted)");
        }
    }

    public RunStatus {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
    }

    public static RunStatus running(Instant started) {
        return new RunStatus(State.RUNNING, started, null, Double.NaN, "");
    }

    /** Wall time is kept to 0.1 s, as status.json has always had it. */
    public static RunStatus completed(Instant finished, double wallSeconds) {
        return new RunStatus(State.COMPLETED, null, finished, Math.round(wallSeconds * 10) / 10.0, "");
    }

    /** This running status read after its process died: the same start, state interrupted. */
    public RunStatus interrupted() {
        return new RunStatus(State.INTERRUPTED, started, null, Double.NaN,
                "the run's process ended without finishing (killed, or the machine stopped)");
    }

    public static RunStatus cancelled(Instant finished, String message) {
        return new RunStatus(State.CANCELLED, null, finished, Double.NaN, message);
    }

    /** {@code error} is written as given, "null" for a throwable without a message. */
    public static RunStatus failed(Instant finished, String error) {
        return new RunStatus(State.FAILED, null, finished, Double.NaN, String.valueOf(error));
    }

    /** The state as status.json spells it: "running", "completed", "cancelled" or "failed". */
    public String word() {
        return state.word();
    }

    /**
     * The JSON document: {@code status}, then whichever of {@code started}, {@code finished},
     * {@code wall_seconds} are set; the message as {@code error} for a failed run and as
     * {@code message} for a cancelled one.
     */
    Map<String, Object> toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", word());
        if (started != null) {
            doc.put("started", started.toString());
        }
        if (finished != null) {
            doc.put("finished", finished.toString());
        }
        if (!Double.isNaN(wallSeconds)) {
            doc.put("wall_seconds", wallSeconds);
        }
        if (state == State.FAILED) {
            doc.put("error", message);
        } else if (state == State.CANCELLED) {
            doc.put("message", message);
        }
        return doc;
    }

    /**
     * Reads a parsed status.json; {@code file} names it in errors.
     *
     * @throws InputError if the document is not an object, names no known state or has a bad time
     */
    static RunStatus fromJson(JsonNode s, Path file) {
        try {
            if (s == null || !s.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            State state = State.parse(s.path("status").asText());
            Instant started = s.hasNonNull("started") ? Instant.parse(s.get("started").asText()) : null;
            Instant finished = s.hasNonNull("finished") ? Instant.parse(s.get("finished").asText()) : null;
            double wall = s.hasNonNull("wall_seconds") ? s.get("wall_seconds").asDouble() : Double.NaN;
            String message = s.has("error") ? s.get("error").asText() : s.path("message").asText("");
            return new RunStatus(state, started, finished, wall, message);
        } catch (RuntimeException e) {
            throw new InputError(file.toString(), "not a readable status: " + e.getMessage(), e);
        }
    }
}
