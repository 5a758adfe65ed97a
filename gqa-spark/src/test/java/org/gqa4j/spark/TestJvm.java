package org.gqa4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A JVM of the tests' own making: the test classpath and the options Spark needs on Java 17. */
final class TestJvm {

    private TestJvm() {}

    static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** The JVM options of Spark on Java 17 and the vector module the trainer needs (no heap size: Spark sets executors' own). */
    static List<String> options() {
        List<String> o = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
        String opens = System.getProperty("gqa.test.jvm-options", "");
        if (!opens.isBlank()) o.addAll(Arrays.asList(opens.trim().split("\\s+")));
        return o;
    }

    /** java OPTIONS -cp CLASSPATH MAIN ARGS... */
    static ProcessBuilder java(String main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options());
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(main);
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }
}
