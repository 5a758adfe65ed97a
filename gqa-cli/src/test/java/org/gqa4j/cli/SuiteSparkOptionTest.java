package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gqa suite run --spark: Spark is found beside this module's build, or the user is told how to build it. */
class SuiteSparkOptionTest {

    @TempDir Path tmp;

    @Test
    void gqaSparkIsLookedForBesideTheCliModule() {
        Path t = SparkLaunch.target();
        assertTrue(t.endsWith(Path.of("gqa-spark", "target")), t.toString());
        assertTrue(Files.isDirectory(t.getParent().getParent().resolve("gqa-cli")), "the project root: " + t);
    }

    @Test
    void withoutTheModuleBuiltTheMessageSaysHowToBuildIt() throws Exception {
        Path suite = tmp.resolve("s.yaml");
        Files.writeString(suite, "tasks: [{name: a, data: synthetic}]\nmodels: [{name: mha, kind: parent}]\n");
        System.setProperty(SparkLaunch.TARGET_PROPERTY, tmp.resolve("nowhere").toString());
        try {
            GqaCliTest.Result r = GqaCliTest.run("suite", "run", suite.toString(), "--out", tmp.resolve("o").toString(), "--spark", "local[2]");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("gqa-spark module built") && r.err().contains("mvn -DskipTests package"), r.err());
        } finally {
            System.clearProperty(SparkLaunch.TARGET_PROPERTY);
        }
    }

    @Test
    void sparkSettingsNeedSpark() throws Exception {
        Path suite = tmp.resolve("s.yaml");
        Files.writeString(suite, "tasks: [{name: a, data: synthetic}]\nmodels: [{name: mha, kind: parent}]\n");
        GqaCliTest.Result r = GqaCliTest.run("suite", "run", suite.toString(), "--out", tmp.resolve("o").toString(),
                "--spark-conf", "spark.task.cpus=2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--spark-conf needs --spark"), r.err());
    }
}
