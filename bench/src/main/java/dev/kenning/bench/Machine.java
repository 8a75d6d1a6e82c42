package dev.kenning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as the kernel counts it (/proc/self/status), and the CPU's name. */
final class Machine {
    private Machine() {
    }

    /** Resident memory now, MB (VmRSS): Java heap, ND4J's off-heap buffers and native libraries. */
    static double rssMb() {
        return statusKb("VmRSS:") / 1024.0;
    }

    /** Peak resident memory of the process so far, MB (VmHWM). */
    static double peakRssMb() {
        return statusKb("VmHWM:") / 1024.0;
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
