package org.gqa4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.gqa4j.core.BuildInfo;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.suite.file.SuiteFile;
import org.gqa4j.suite.file.SuiteSpec;
import org.gqa4j.suite.graph.Job;
import org.gqa4j.suite.graph.JobKinds;
import org.gqa4j.suite.graph.SuiteCompare;
import org.gqa4j.suite.graph.SuitePlanner;
import org.gqa4j.suite.graph.SuiteRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite on Spark local[2], in this JVM: the same results as the local runner's to the last bit,
 * a re-run that computes nothing, a failed task retried into exactly one result, and a JVM
 * killed while publishing that leaves no partial result under a final name.
 */
class SparkLocalTest {

    @TempDir static Path tmp;
    static JavaSparkContext sc;
    static Path suite, small;
    static SuiteRun.Outcome local, spark;

    @BeforeAll
    static void runBoth() throws Exception {
        suite = tmp.resolve("two.yaml");
        Files.writeString(suite, Suites.TWO_BY_THREE_BY_TWO);
        small = tmp.resolve("small.yaml");
        Files.writeString(small, Suites.SMALL);
        SparkConf conf = new SparkConf().setAppName("gqa test").setMaster("local[2]");
        SparkSuite.configure(conf, l -> {});
        sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        local = SuiteRun.run(suite, tmp.resolve("local"), l -> {});
        spark = onSpark(suite, tmp.resolve("spark"), new ArrayList<>());
    }

    @AfterAll
    static void stop() {
        if (sc != null) sc.stop();
    }

    static SuiteRun.Outcome onSpark(Path suiteFile, Path out, List<String> lines) throws Exception {
        HadoopResultStore store = new HadoopResultStore(out.toString(), new Configuration(), Files.createTempDirectory(tmp, "scratch"));
        return SuiteRun.run(SuiteFile.read(suiteFile), suiteFile.getParent(), store, store.root(), new SparkRunner(sc, store.root()),
                Collections.synchronizedList(lines)::add);
    }

    @Test
    void theReportEqualsTheLocalRunnersToTheLastBit() throws Exception {
        assertEquals(34, local.jobsTotal());
        assertEquals(local.jobsTotal(), spark.jobsTotal());
        assertEquals(spark.jobsTotal(), spark.jobsRun());
        SuiteCompare.Result r = SuiteCompare.compare(tmp.resolve("local"), tmp.resolve("spark"), 0.0);
        assertEquals(16, r.rows().size(), "2 instruments x 4 models x 2 seeds");
        assertEquals(0, r.regressions());
        JsonNode a = ConfigJson.MAPPER.readTree(Path.of(local.results()).toFile());
        JsonNode b = ConfigJson.MAPPER.readTree(Path.of(spark.results()).toFile());
        for (int t = 0; t < 2; t++) {
            JsonNode ta = a.get("tasks").get(t), tb = b.get("tasks").get(t);
            assertEquals(ta.get("headlines"), tb.get("headlines"));
            assertEquals(ta.get("over_seeds"), tb.get("over_seeds"));
            for (int s = 0; s < ta.get("scores").size(); s++) {
                JsonNode sa = ConfigJson.MAPPER.readTree(Path.of(ta.get("scores").get(s).get("score").asText()).toFile());
                JsonNode sb = ConfigJson.MAPPER.readTree(Path.of(tb.get("scores").get(s).get("score").asText()).toFile());
                // every metric and every forecast, as written (doubles print exactly)
                assertEquals(sa.get("model").get("metrics"), sb.get("model").get("metrics"));
                assertEquals(sa.get("forecasts"), sb.get("forecasts"));
                assertEquals(sa.get("baselines"), sb.get("baselines"));
            }
        }
    }

    @Test
    void aReRunComputesNothing() throws Exception {
        SuiteRun.Outcome again = onSpark(suite, tmp.resolve("spark"), new ArrayList<>());
        assertEquals(0, again.jobsRun());
        assertEquals(spark.jobsTotal(), again.jobsCached());
    }

    @Test
    void aJobThatFailsOnItsFirstAttemptIsRetriedIntoOneResult() throws Exception {
        String convert = jobOfKind(small, JobKinds.CONVERT).id();
        Path out = tmp.resolve("retried");
        List<String> lines = new ArrayList<>();
        System.setProperty(FaultHooks.FAIL_FIRST_ATTEMPT, convert);
        SuiteRun.Outcome o;
        try {
            o = onSpark(small, out, lines);
        } finally {
            System.clearProperty(FaultHooks.FAIL_FIRST_ATTEMPT);
        }
        assertEquals(5, o.jobsTotal());
        assertEquals(5, o.jobsRun());
        assertTrue(lines.stream().anyMatch(l -> l.contains("done    " + convert) && l.contains("attempt 2")), String.join("\n", lines));
        assertEquals(5, published(out).size(), "one result per job");
        assertEquals(List.of(), leftovers(out), "the failed attempt removed what it had uploaded");
        assertEquals(0, SuiteCompare.compare(tmp.resolve("retried"), tmp.resolve("retried"), 0.0).regressions());
    }

    @Test
    void aJvmKilledWhilePublishingLeavesNoPartialResult() throws Exception {
        Job convert = jobOfKind(small, JobKinds.CONVERT), train = jobOfKind(small, JobKinds.TRAIN);
        Path out = tmp.resolve("killed");
        ProcessBuilder pb = TestJvm.java(SparkSuite.class.getName(), List.of(small.toString(), "--out", out.toString(), "--master", "local[1]"));
        pb.command().add(pb.command().indexOf("-cp"), "-D" + FaultHooks.HALT_WHILE_PUBLISHING + "=" + convert.id());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the child JVM ends");
        String log = Files.readString(tmp.resolve("killed.log"));
        assertEquals(137, p.exitValue(), log);
        assertTrue(log.contains("fault injected"), log);
        List<String> done = published(out);
        assertTrue(done.contains(train.key()), "the job before it was published");
        assertFalse(done.contains(convert.key()), "no result under the final name");
        List<String> left = leftovers(out);
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).startsWith(".tmp-" + convert.key()));
        try (var s = Files.list(out.resolve("jobs").resolve(left.get(0)))) {
            assertTrue(s.findAny().isPresent(), "the killed attempt had uploaded part of its result");
        }

        SuiteRun.Outcome resumed = onSpark(small, out, new ArrayList<>());
        assertEquals(done.size(), resumed.jobsCached(), "what was published is not redone");
        assertEquals(5 - done.size(), resumed.jobsRun());
        assertEquals(5, published(out).size());
        assertEquals(List.of(), leftovers(out), "the next run removed the killed attempt's upload");
    }

    private static Job jobOfKind(Path suiteFile, String kind) {
        SuiteSpec spec = SuiteFile.read(suiteFile);
        return SuitePlanner.plan(spec, suiteFile.getParent(), BuildInfo.codeVersion()).byId().values().stream()
                .filter(j -> j.kind().equals(kind)).findFirst().orElseThrow();
    }

    static List<String> published(Path run) throws Exception {
        try (var s = Files.list(run.resolve("jobs"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    static List<String> leftovers(Path run) throws Exception {
        try (var s = Files.list(run.resolve("jobs"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }
}
