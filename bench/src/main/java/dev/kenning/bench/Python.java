package dev.kenning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds a Python that can import torch: --python, else Debian's /usr/bin/python3, else python3 on the PATH. */
final class Python {
    static final String HINT = "install Debian's python3-torch or pass --python";

    private Python() {
    }

    /** The interpreter with torch, or one line naming what to install and exit 2. */
    static Path require(String given) {
        Path python = find(given);
        if (python == null) {
            System.err.println("bench: the PyTorch reference needs Python with torch: " + HINT);
            System.exit(2);
        }
        return python;
    }

    static Path find(String given) {
        List<String> candidates = new ArrayList<>();
        if (given != null) {
            candidates.add(given);
        } else {
            candidates.add("/usr/bin/python3");
            candidates.add("python3");
        }
        for (String c : candidates) {
            if (c.contains("/") && !Files.isExecutable(Path.of(c))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(c, "-c", "import torch").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Path.of(c);
                }
                p.destroy();
            } catch (Exception e) {
                // not runnable: try the next
            }
        }
        if (given != null) {
            System.err.println("bench: " + given + " cannot import torch");
        }
        return null;
    }
}
