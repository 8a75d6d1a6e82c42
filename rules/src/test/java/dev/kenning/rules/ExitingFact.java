package dev.kenning.rules;

import java.nio.file.Path;
import java.util.List;

/** A fact whose toString ends the process with exit code 0, for {@link HostilePacksTest}: main derives a pack over it. */
public final class ExitingFact {
    @Override
    public String toString() {
        System.exit(0);
        return "unreachable";
    }

    public static void main(String[] args) {
        RuleBook.compile(List.of(Path.of(args[0]))).derive(List.of(new ExitingFact()));
        System.out.println("derivation returned");
    }
}
