package org.gqa4j.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.model.Weights;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportJson;
import org.gqa4j.suite.graph.Job;
import org.gqa4j.suite.graph.SuiteCompare;
import org.gqa4j.suite.graph.SuitePlanner;
import org.gqa4j.suite.graph.SuiteRun;
import org.gqa4j.suite.file.SuiteFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A suite of 2 tasks x 3 models x 2 seeds from a file: interrupted, resumed, cached, compared. */
class SuiteRunTest {

    static final String TINY_PARENT = """
            parent: {layers: 1, d_model: 8, heads: 4, ffn: 16, steps: 12, batch: 4, lr: 0.003}
            evaluation: {instruments: 1, latency: false, memory_samples: 0}
            """;
    static final String SUITE = """
            name: t
            seeds: [1, 2]
            tasks:
              - {name: a, data: synthetic, targets: [return, abs_return], context: 8}
              - {name: b, data: synthetic, targets: [return], context: 8, horizon: 2,
                 split: {kind: rows, train_end: 600, val_end: 700, test_end: 800}}
            models:
              - {name: mha, kind: parent}
              - {name: gqa2, kind: convert, kv_heads: 2, method: mean, alpha: 0.25}
              - {name: scratch2, kind: scratch, kv_heads: 2}
            """ + TINY_PARENT;

    @TempDir static Path tmp;
    static Path suite;
    static SuiteRun.Outcome full;
    static List<String> fullLines = new ArrayList<>();

    @BeforeAll
    static void runOnce() throws Exception {
        suite = tmp.resolve("t.yaml");
        Files.writeString(suite, SUITE);
        full = SuiteRun.run(suite, tmp.resolve("full"), fullLines::add);
    }

    @Test
    void runsFromAFileAndEndsWithTheCounts() throws Exception {
        // per task and seed: train mha, convert gqa2, train scratch2, 3 scores; per task one report
        assertEquals(2 * (2 * 6) + 2, full.jobsTotal());
        assertEquals(full.jobsTotal(), full.jobsRun());
        assertEquals(0, full.jobsCached());
        assertTrue(Files.isRegularFile(Path.of(full.results())) && Files.isRegularFile(Path.of(full.report())));
        JsonNode line = ConfigJson.MAPPER.readTree(full.jsonLine());
        for (String k : List.of("jobs_total", "jobs_run", "jobs_cached", "results", "report")) assertTrue(line.has(k), k);
        assertEquals(full.jobsTotal(), fullLines.stream().filter(l -> l.contains("] done ")).count(), "a progress line per job");

        JsonNode results = ConfigJson.MAPPER.readTree(Path.of(full.results()).toFile());
        assertEquals(2, results.get("tasks").size());
        for (JsonNode t : results.get("tasks")) {
            assertEquals(6, t.get("scores").size(), "3 models x 2 seeds");
            Report r = ReportJson.read(Path.of(t.get("report_json").asText()));
            assertEquals(6, r.models().size());
            // the converted model and the from-scratch control are both compared with their seed's parent
            assertTrue(r.comparisonOf("gqa2/s1", "return") != null && r.comparisonOf("scratch2/s2", "return") != null);
            assertEquals("mha/s1", r.comparisonOf("gqa2/s1", "return").parent());
            assertEquals("mha/s2", r.comparisonOf("scratch2/s2", "return").parent());
            for (Report.Model m : r.models()) assertEquals(64, m.sha256().length());
        }
    }

    @Test
    void anInterruptedRunResumesWithExactlyTheMissingJobs() throws Exception {
        Path out = tmp.resolve("cut");
        // a crash as job 10 starts, after a kill -9 left a half-written attempt behind
        RuntimeException crash = assertThrows(RuntimeException.class, () -> SuiteRun.run(suite, out, l -> {
            if (l.startsWith("[10/")) throw new IllegalStateException("killed");
        }));
        assertEquals("killed", crash.getMessage());
        Files.createDirectories(out.resolve("jobs").resolve(".tmp-deadbeef-1"));
        Map<String, String> before = published(out);
        assertEquals(9, before.size());

        SuiteRun.Outcome resumed = SuiteRun.run(suite, out, l -> {});
        assertEquals(9, resumed.jobsCached());
        assertEquals(full.jobsTotal() - 9, resumed.jobsRun());
        Map<String, String> after = published(out);
        before.forEach((k, v) -> assertEquals(v, after.get(k), "a finished job is never redone: " + k));
        assertFalse(Files.exists(out.resolve("jobs").resolve(".tmp-deadbeef-1")), "the unfinished attempt is removed");

        SuiteRun.Outcome again = SuiteRun.run(suite, out, l -> {});
        assertEquals(0, again.jobsRun());
        assertEquals(full.jobsTotal(), again.jobsCached());
        // the resumed run and the uninterrupted one give the same figures
        SuiteCompare.Result same = SuiteCompare.compare(tmp.resolve("full"), out, 0.0);
        assertEquals(12, same.rows().size(), "2 tasks x 3 models x 2 seeds");
        assertEquals(0, same.regressions());
        for (SuiteCompare.Row r : same.rows()) assertEquals(0.0, r.deltaPct(), 0.0, r.model());
    }

    @Test
    void anEditRecomputesOnlyWhatItChanges() throws Exception {
        Path out = tmp.resolve("edit");
        SuiteRun.run(suite, out, l -> {});
        Path edited = tmp.resolve("t-edited.yaml");
        // a new alpha for the conversion: its convert and score jobs and the reports change, nothing else
        Files.writeString(edited, SUITE.replace("alpha: 0.25", "alpha: 0.5"));
        SuiteRun.Outcome o = SuiteRun.run(edited, out, l -> {});
        assertEquals(2 * 2 * 2 + 2, o.jobsRun());
    }

    @Test
    void keysDependOnWhatProducesTheResult() {
        var spec = SuiteFile.read(suite);
        Map<String, Job> a = SuitePlanner.plan(spec, tmp, "v1").byId();
        Map<String, Job> same = SuitePlanner.plan(spec, tmp, "v1").byId();
        Map<String, Job> other = SuitePlanner.plan(spec, tmp, "v2").byId();
        a.forEach((id, j) -> {
            assertEquals(j.key(), same.get(id).key(), id);
            assertTrue(!j.key().equals(other.get(id).key()), "the code version is part of every key: " + id);
        });
        // the seed is part of the key; two seeds never share a result
        assertTrue(!a.get("train a mha s1").key().equals(a.get("train a mha s2").key()));
        // the graph is explicit: waves of independent jobs, every dependency in an earlier wave
        var waves = SuitePlanner.plan(spec, tmp, "v1").graph().waves();
        assertEquals(a.get("train a mha s1").id(), waves.get(0).get(0).id());
        assertEquals(4, waves.size(), "train -> convert -> score -> report");
    }

    @Test
    void aDegradedModelIsARegression() throws Exception {
        JsonNode results = ConfigJson.MAPPER.readTree(Path.of(full.results()).toFile());
        Path trained = null;
        for (JsonNode j : results.get("jobs")) if (j.get("id").asText().equals("train a mha s1")) trained = Path.of(j.get("dir").asText(), "model");
        Checkpoint ck = CheckpointIO.read(trained);
        Map<String, float[]> noisy = new HashMap<>();
        Random rng = new Random(3);
        ck.weights().asMap().forEach((k, v) -> {
            float[] c = v.clone();
            for (int i = 0; i < c.length; i++) c[i] += (float) (0.5 * rng.nextGaussian());
            noisy.put(k, c);
        });
        Path bad = tmp.resolve("bad");
        CheckpointIO.write(bad, new Checkpoint(Weights.of(ck.config(), noisy), ck.dataPrep(), ck.provenance(), null, null));
        String one = """
                name: one
                tasks: [{name: a, data: synthetic, targets: [return, abs_return], context: 8}]
                models: [{name: ext, kind: checkpoint, path: %s}]
                evaluation: {instruments: 1, latency: false, memory_samples: 0}
                """;
        Path good = tmp.resolve("good.yaml"), worse = tmp.resolve("worse.yaml");
        Files.writeString(good, one.formatted(trained));
        Files.writeString(worse, one.formatted(bad));
        SuiteRun.run(good, tmp.resolve("good"), l -> {});
        SuiteRun.run(worse, tmp.resolve("worse"), l -> {});
        assertEquals(0, SuiteCompare.compare(tmp.resolve("good"), tmp.resolve("good"), 0.01).regressions());
        SuiteCompare.Result r = SuiteCompare.compare(tmp.resolve("good"), tmp.resolve("worse"), 0.01);
        assertEquals(1, r.regressions());
        SuiteCompare.Row row = r.rows().get(0);
        assertTrue(row.deltaPct() > 1 && row.ciLowPct() > 0 && row.significant(), row.toString());
        // the other way round it is an improvement, not a regression
        assertEquals(0, SuiteCompare.compare(tmp.resolve("worse"), tmp.resolve("good"), 0.01).regressions());
    }

    /** job key -> job.json content, for every published job. */
    private static Map<String, String> published(Path out) throws Exception {
        Map<String, String> m = new HashMap<>();
        try (var s = Files.list(out.resolve("jobs"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().startsWith(".")) m.put(p.getFileName().toString(), Files.readString(p.resolve("job.json")));
            }
        }
        return m;
    }

}
