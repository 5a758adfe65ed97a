package org.gqa4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;

/**
 * {@code gqa suite run --spark MASTER}: Spark is not on this command's classpath (it is gqa-spark's
 * alone), so the suite runs in a JVM of its own, started with gqa-spark's classes, the classpath
 * its build wrote ({@code gqa-spark/target/spark-launch/classpath.txt}) and the JVM options Spark
 * needs on Java 17; its output and exit code are this command's.
 */
final class SparkLaunch {

    static final String MAIN = "org.gqa4j.spark.SparkSuite";
    /** Where gqa-spark's build output is, if not beside this command's module (gqa-cli/target -> gqa-spark/target). */
    static final String TARGET_PROPERTY = "gqa.spark.target";

    private SparkLaunch() {}

    static int run(Path suite, Path out, String master, List<String> conf) {
        Path target = target();
        Path launch = target.resolve("spark-launch"), classes = target.resolve("classes");
        Path cpFile = launch.resolve("classpath.txt"), optsFile = launch.resolve("jvm-options.txt");
        if (!Files.isRegularFile(cpFile) || !Files.isRegularFile(optsFile) || !Files.isDirectory(classes.resolve("org/gqa4j/spark"))) {
            throw new InputException("--spark needs the gqa-spark module built (looked for " + cpFile + " and " + classes
                    + "): run `mvn -DskipTests package` at the project root (./gqa does so when sources change)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-Xmx" + Math.max(512, Runtime.getRuntime().maxMemory() >> 20) + "m");
        cmd.addAll(Arrays.asList(read(optsFile).trim().split("\\s+")));
        Path log4j = launch.resolve("log4j2.properties");
        if (Files.isRegularFile(log4j)) cmd.add("-Dlog4j2.configurationFile=" + log4j.toUri());
        cmd.add("-cp");
        cmd.add(classes + java.io.File.pathSeparator + read(cpFile).trim());
        cmd.add(MAIN);
        cmd.add(suite.toString());
        cmd.add("--out");
        cmd.add(out.toString());
        cmd.add("--master");
        cmd.add(master);
        String cpus = "1";
        for (String kv : conf) {
            if (kv.indexOf('=') <= 0) throw new InputException("--spark-conf: '" + kv + "' is not KEY=VALUE");
            if (kv.startsWith("spark.task.cpus=")) cpus = kv.substring("spark.task.cpus=".length());
            cmd.add("--conf");
            cmd.add(kv);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        Map<String, String> env = pb.environment();
        // on a local master the tasks run in that JVM: ND4J's native threads follow spark.task.cpus there too
        if (master.startsWith("local")) {
            env.put("OMP_NUM_THREADS", cpus);
            env.putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1"); // one machine: Spark binds the loopback address only
        }
        try {
            Process p = pb.start();
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the Spark JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** gqa-spark/target beside this command's own module (its jar or classes are in gqa-cli/target). */
    static Path target() {
        String given = System.getProperty(TARGET_PROPERTY);
        if (given != null) return Path.of(given);
        try {
            Path self = Path.of(SparkLaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // gqa-cli/target/gqa-cli.jar or gqa-cli/target/classes -> the project root
            return self.getParent().getParent().getParent().resolve("gqa-spark").resolve("target");
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where gqa-cli was loaded from; set -D" + TARGET_PROPERTY, e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + f + ": " + e.getMessage(), e);
        }
    }
}
