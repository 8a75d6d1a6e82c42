package dev.kenning.rules;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule packs are trusted by where they come from: Kenning's own, the user's folders, or named by the user. */
class PackTrustTest {
    @TempDir
    Path dir;

    @Test
    void aPackOutsideTheTrustedFoldersIsRefusedSayingHowToTrustIt() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path elsewhere = Files.createDirectories(dir.resolve("downloads"));
        Path own = Files.writeString(project.resolve("mine.drl"), "package mine\n");
        Path foreign = Files.writeString(elsewhere.resolve("theirs.drl"), "package theirs\n");
        PackTrust trust = PackTrust.only(List.of(project), "run again with --trust-pack PATH");

        trust.check(List.of(own));
        InputError e = assertThrows(InputError.class, () -> trust.check(List.of(own, foreign)));
        assertEquals(foreign.toString(), e.where());
        assertTrue(e.getMessage().endsWith("if you trust it, run again with --trust-pack " + foreign), e.getMessage());
        assertTrue(e.getMessage().contains("a pack is Java code that runs inside Kenning"), e.getMessage());

        trust.andTrusting(List.of(foreign)).check(List.of(own, foreign));
        trust.andTrusting(List.of(elsewhere)).check(List.of(foreign));
        PackTrust.all().check(List.of(foreign));
    }

    @Test
    void kenningsOwnPacksAreTrustedWhereverTheyAreCopiedButNotOnceEdited() throws IOException {
        PackTrust nothing = PackTrust.only(List.of(), "trust it");
        Path copy = Files.copy(Path.of("packs", "physics.drl"), dir.resolve("physics.drl"));
        nothing.check(List.of(copy));
        Files.writeString(copy, Files.readString(copy) + "\n// edited\n");
        assertFalse(nothing.trusts(copy), "an edited copy is the user's pack, trusted only where the user's packs are");
    }

    @Test
    void aLinkInATrustedFolderDoesNotTrustThePackItPointsTo() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path foreign = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("x.drl"), "package x\n");
        Path link = Files.createSymbolicLink(project.resolve("x.drl"), foreign);
        assertFalse(PackTrust.only(List.of(project), "trust it").trusts(link));
    }
}
