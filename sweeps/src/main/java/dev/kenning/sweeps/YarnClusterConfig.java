package dev.kenning.sweeps;

import dev.kenning.core.InputError;
import org.apache.hadoop.conf.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YARN cluster a {@code --master yarn} sweep submits to, as its client configuration names it:
 * the {@code *-site.xml} files of {@code HADOOP_CONF_DIR} and {@code YARN_CONF_DIR}, or
 * {@code spark.hadoop.yarn.resourcemanager.*} settings. spark-submit puts those folders on the
 * driver's classpath; Kenning's driver is this process, so their settings are handed to Spark as
 * {@code spark.hadoop.*} instead, which Spark applies to every Hadoop configuration it makes (here,
 * in the application master and in the executors).
 */
final class YarnClusterConfig {
    static final List<String> VARIABLES = List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR");
    private static final List<String> FILES = List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml");
    /** Any one of these says where the ResourceManager is (high availability names its several). */
    private static final List<String> RESOURCE_MANAGER = List.of("yarn.resourcemanager.address",
            "yarn.resourcemanager.hostname", "yarn.resourcemanager.ha.rm-ids");

    private final Map<String, String> settings;

    private YarnClusterConfig(Map<String, String> settings) {
        this.settings = settings;
    }

    /**
     * Reads the configuration folders the environment names; refuses, in one line, a setup that
     * names no ResourceManager ({@code sparkSettings}: what the user already gave Spark).
     */
    static YarnClusterConfig find(Map<String, String> environment, Map<String, String> sparkSettings, String master) {
        Map<String, String> settings = new LinkedHashMap<>();
        StringBuilder looked = new StringBuilder();
        for (String variable : VARIABLES) {
            String dir = environment.get(variable);
            if (dir == null || dir.isBlank()) {
                continue;
            }
            Path folder = Path.of(dir.strip());
            looked.append(looked.length() == 0 ? "" : ", ").append(variable).append('=').append(folder);
            if (!Files.isDirectory(folder)) {
                throw new InputError("--master " + master, variable + " names " + folder + ", which is not a folder");
            }
            for (String name : FILES) {
                Path file = folder.resolve(name);
                if (Files.isRegularFile(file)) {
                    read(file).forEach((k, v) -> settings.putIfAbsent("spark.hadoop." + k, v));
                }
            }
        }
        sparkSettings.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                settings.put(k, v);
            }
        });
        if (RESOURCE_MANAGER.stream().noneMatch(k -> settings.containsKey("spark.hadoop." + k))) {
            throw new InputError("--master " + master, looked.length() == 0
                    ? "no YARN cluster configured: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the folder holding the"
                    + " cluster's yarn-site.xml, as for spark-submit"
                    : "no ResourceManager named (yarn.resourcemanager.address or .hostname) in the yarn-site.xml of "
                    + looked + "; set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's client configuration");
        }
        return new YarnClusterConfig(settings);
    }

    /** The cluster's settings as Spark takes them: {@code spark.hadoop.KEY}. */
    Map<String, String> settings() {
        return settings;
    }

    /** The file's own properties only (no Hadoop defaults), values as written. */
    private static Map<String, String> read(Path file) {
        Configuration c = new Configuration(false);
        c.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : c) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
