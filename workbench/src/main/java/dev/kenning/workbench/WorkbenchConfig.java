package dev.kenning.workbench;

import dev.kenning.rules.PackTrust;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Workbench} is set up, decided once by the front end that makes it: the workspace
 * (the TDB2 store the {@code kg} commands work on and completed runs are recorded in), whether
 * runs are recorded there, and where decoded image folders are kept between runs. Nothing else
 * configures the workbench: no system property, no global.
 *
 * @param workspace  the workspace folder
 * @param recordRuns true to record each run in the workspace's registry
 * @param imageCache the folder of decoded images kept between runs, null to decode every run
 * @param packTrust  which rule packs may run ({@link PackTrust}): the command line and the
 *                   desktop workbench trust Kenning's own packs and the user's own folders; a
 *                   program that makes its own configuration names its packs itself and trusts them
 */
public record WorkbenchConfig(Path workspace, boolean recordRuns, Path imageCache, PackTrust packTrust) {
    /** The workspace of a project: {@code .kenning/workspace} under the folder Kenning runs in. */
    public static final Path DEFAULT_WORKSPACE = Path.of(".kenning", "workspace");
    /** The environment variable the command line reads: a workspace folder, or "off" to record no run. */
    public static final String WORKSPACE_VARIABLE = "KENNING_WORKSPACE";
    /** The environment variable of Kenning's caches (native libraries, decoded images); {@code ~/.cache/kenning} if unset. */
    public static final String CACHE_VARIABLE = "KENNING_CACHE";
    /** The environment variable of the decoded images' folder alone ("off": decode every run). */
    public static final String IMAGE_CACHE_VARIABLE = "KENNING_IMAGE_CACHE";
    /** Decoded image folders, unless {@value #CACHE_VARIABLE} or {@value #IMAGE_CACHE_VARIABLE} moves them. */
    public static final Path DEFAULT_IMAGE_CACHE = Path.of(System.getProperty("user.home"), ".cache", "kenning", "images");

    /** What the command line tells a user to do with a pack it does not trust. */
    public static final String TRUST_OPTION = "run again with --trust-pack PATH (kenning run, constraints and rules check"
            + " take it; a folder trusts every pack under it)";
    /** The environment variable the launcher sets to Kenning's own folder: its rules/packs are trusted. */
    public static final String HOME_VARIABLE = "KENNING_HOME";

    public WorkbenchConfig {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(packTrust, "packTrust");
    }

    /** Every rule pack trusted: a program that makes its configuration names its packs itself. */
    public WorkbenchConfig(Path workspace, boolean recordRuns, Path imageCache) {
        this(workspace, recordRuns, imageCache, PackTrust.all());
    }

    /** The same, with runs recorded in {@code workspace}, or none recorded if {@code record} is false. */
    public WorkbenchConfig withWorkspace(Path workspace, boolean record) {
        return new WorkbenchConfig(workspace, record, imageCache, packTrust);
    }

    /** The same, with Kenning's own packs and those under {@code folders} trusted, and no other. */
    public WorkbenchConfig trustingPacksUnder(List<Path> folders, String howToTrust) {
        return new WorkbenchConfig(workspace, recordRuns, imageCache, PackTrust.only(folders, howToTrust));
    }

    /** The same, with every rule pack trusted (a notebook or program that writes and names its own packs). */
    public WorkbenchConfig trustingEveryPack() {
        return new WorkbenchConfig(workspace, recordRuns, imageCache, PackTrust.all());
    }

    /** The same, trusting also the packs (files, or every pack under folders) the user named. */
    public WorkbenchConfig alsoTrustingPacks(List<Path> packs) {
        return packs.isEmpty() ? this : new WorkbenchConfig(workspace, recordRuns, imageCache, packTrust.andTrusting(packs));
    }

    /** Runs recorded in the default workspace. */
    public static WorkbenchConfig defaults() {
        return new WorkbenchConfig(DEFAULT_WORKSPACE, true, DEFAULT_IMAGE_CACHE);
    }

    /** Runs recorded in {@code workspace}. */
    public static WorkbenchConfig recordingIn(Path workspace) {
        return new WorkbenchConfig(workspace, true, DEFAULT_IMAGE_CACHE);
    }

    /** No run recorded anywhere (the default workspace is still the one the knowledge commands use). */
    public static WorkbenchConfig notRecording() {
        return new WorkbenchConfig(DEFAULT_WORKSPACE, false, DEFAULT_IMAGE_CACHE);
    }

    /**
     * The command line's configuration: {@value #WORKSPACE_VARIABLE} if set ("off": record nothing),
     * else the defaults; decoded images in {@value #IMAGE_CACHE_VARIABLE} if set ("off": none),
     * else under {@value #CACHE_VARIABLE}{@code /images} if that is set.
     */
    public static WorkbenchConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static WorkbenchConfig fromEnvironment(Map<String, String> environment) {
        // the project Kenning runs in, and Kenning's own rules/packs when the launcher says where it is
        List<Path> own = new java.util.ArrayList<>(List.of(Path.of("")));
        String home = environment.get(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            own.add(Path.of(home.strip(), "rules", "packs"));
        }
        return withoutTrust(environment).trustingPacksUnder(own, TRUST_OPTION);
    }

    private static WorkbenchConfig withoutTrust(Map<String, String> environment) {
        String value = environment.get(WORKSPACE_VARIABLE);
        String images = environment.get(IMAGE_CACHE_VARIABLE);
        String cache = environment.get(CACHE_VARIABLE);
        Path imageCache = images != null && !images.isBlank() ? (images.strip().equals("off") ? null : Path.of(images.strip()))
                : cache != null && !cache.isBlank() ? Path.of(cache.strip(), "images") : DEFAULT_IMAGE_CACHE;
        if (value == null || value.isBlank()) {
            return new WorkbenchConfig(DEFAULT_WORKSPACE, true, imageCache);
        }
        return value.strip().equals("off") ? new WorkbenchConfig(DEFAULT_WORKSPACE, false, imageCache)
                : new WorkbenchConfig(Path.of(value.strip()), true, imageCache);
    }
}
