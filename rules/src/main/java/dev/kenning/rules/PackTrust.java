package dev.kenning.rules;

import dev.kenning.core.InputError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Which rule packs may run, by where they come from. A pack is Java code that runs inside Kenning
 * (the {@linkplain PackCheck check} narrows what it may call, but is no sandbox), so a front end
 * that loads packs a spec names trusts only: Kenning's own packs (byte for byte the copies
 * shipped inside Kenning, wherever the file lies), packs under the user's own folders (the
 * project Kenning runs in, the desktop workbench's workspace), and packs or folders the user
 * named as trusted ({@code kenning … --trust-pack PATH}). A pack from anywhere else (another
 * workspace, a bundle's {@code knowledge/}, a download) is refused with one message saying how
 * to trust it. Paths are compared after resolving links, so a link into a trusted folder does
 * not make an outside pack trusted.
 *
 * @param trusted   folders whose packs (at any depth) are trusted, and single trusted pack files
 * @param trustsAll true to trust every pack: for programs and notebooks, which run their own
 *                   code anyway and name their packs themselves
 * @param howToTrust what the refusal tells the user to do, e.g. "run again with --trust-pack PATH"
 */
public record PackTrust(List<Path> trusted, boolean trustsAll, String howToTrust) {
    /** Where Kenning's own packs are kept on its class path. */
    static final String SHIPPED = "/kenning/rules/";

    public PackTrust {
        trusted = trusted.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        if (howToTrust == null || howToTrust.isBlank()) {
            throw new IllegalArgumentException("a trust policy must say how to trust a pack");
        }
    }

    /** Every pack trusted. */
    public static PackTrust all() {
        return new PackTrust(List.of(), true, "-");
    }

    /** Kenning's own packs and those under {@code trusted} (folders or files). */
    public static PackTrust only(List<Path> trusted, String howToTrust) {
        return new PackTrust(trusted, false, howToTrust);
    }

    /** This policy with more trusted folders or files. */
    public PackTrust andTrusting(List<Path> more) {
        return new PackTrust(java.util.stream.Stream.concat(trusted.stream(), more.stream()).toList(), trustsAll, howToTrust);
    }

    /** @throws InputError naming the first pack this policy does not trust, and how to trust it */
    public void check(List<Path> packs) {
        for (Path pack : packs) {
            if (!trusts(pack)) {
                throw new InputError(pack.toString(), "this rule pack is not trusted: a pack is Java code that runs inside"
                        + " Kenning, and only Kenning's own packs and packs under " + (trusted.isEmpty() ? "no folder"
                        : trusted.stream().map(Path::toString).toList()) + " run without asking; if you trust it, "
                        + howToTrust.replace("PATH", pack.toString()));
            }
        }
    }

    /** Whether {@code pack} may run: a missing file is trusted here and reported missing where it is read. */
    public boolean trusts(Path pack) {
        if (trustsAll || !Files.isRegularFile(pack)) {
            return true;
        }
        Path real;
        try {
            real = pack.toRealPath();
        } catch (IOException e) {
            return false;
        }
        for (Path t : trusted) {
            Path realTrusted;
            try {
                realTrusted = t.toRealPath();
            } catch (IOException e) {
                continue;
            }
            if (real.startsWith(realTrusted)) {
                return true;
            }
        }
        return isShipped(real);
    }

    /** Byte for byte one of the packs shipped inside Kenning (copied, or in Kenning's own rules/packs). */
    static boolean isShipped(Path pack) {
        try (InputStream shipped = PackTrust.class.getResourceAsStream(SHIPPED + pack.getFileName())) {
            return shipped != null && Arrays.equals(shipped.readAllBytes(), Files.readAllBytes(pack));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
