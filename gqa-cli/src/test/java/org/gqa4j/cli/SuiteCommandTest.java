package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gqa suite run / compare on the command line: the JSON line, exit 0 on itself, exit 1 on a degraded model, exit 2 on bad input. */
class SuiteCommandTest {

    @TempDir Path tmp;

    @Test
    void runPrintsOneJsonLineAndCompareExitsOneOnARegression() throws Exception {
        Path suite = tmp.resolve("s.yaml");
        Files.writeString(suite, """
                tasks: [{name: a, data: synthetic, targets: [return], context: 8}]
                parent: {layers: 1, d_model: 8, heads: 2, ffn: 16, steps: 10, batch: 4}
                models: [{name: mha, kind: parent}]
                evaluation: {instruments: 1, latency: false, memory_samples: 0}
                """);
        GqaCliTest.Result r = GqaCliTest.run("suite", "run", suite.toString(), "--out", tmp.resolve("a").toString());
        assertEquals(0, r.code(), r.err());
        String last = r.out().strip().lines().reduce((x, y) -> y).orElseThrow();
        JsonNode line = ConfigJson.MAPPER.readTree(last);
        assertEquals(3, line.get("jobs_total").asInt());
        assertEquals(0, GqaCliTest.run("suite", "compare", tmp.resolve("a").toString(), tmp.resolve("a").toString()).code());

        // the same task scored on a degraded copy of the trained model
        JsonNode jobs = ConfigJson.MAPPER.readTree(Path.of(line.get("results").asText()).toFile()).get("jobs");
        Path model = Path.of(jobs.get(0).get("dir").asText(), "model");
        Checkpoint ck = CheckpointIO.read(model);
        Map<String, float[]> bad = new HashMap<>();
        ck.weights().asMap().forEach((k, v) -> {
            float[] c = v.clone();
            for (int i = 0; i < c.length; i++) c[i] += (i % 2 == 0 ? 0.7f : -0.7f);
            bad.put(k, c);
        });
        CheckpointIO.write(tmp.resolve("bad"), new Checkpoint(Weights.of(ck.config(), bad), ck.dataPrep(), ck.provenance(), null, null));
        String one = "tasks: [{name: a, data: synthetic, targets: [return], context: 8}]\n"
                + "models: [{name: m, kind: checkpoint, path: %s}]\nevaluation: {instruments: 1, latency: false, memory_samples: 0}\n";
        Files.writeString(tmp.resolve("good.yaml"), one.formatted(model));
        Files.writeString(tmp.resolve("bad.yaml"), one.formatted(tmp.resolve("bad")));
        assertEquals(0, GqaCliTest.run("suite", "run", tmp.resolve("good.yaml").toString(), "--out", tmp.resolve("g").toString()).code());
        assertEquals(0, GqaCliTest.run("suite", "run", tmp.resolve("bad.yaml").toString(), "--out", tmp.resolve("b").toString()).code());
        GqaCliTest.Result cmp = GqaCliTest.run("suite", "compare", tmp.resolve("g").toString(), tmp.resolve("b").toString());
        assertEquals(1, cmp.code(), cmp.out());
        assertTrue(cmp.out().contains("REGRESSION"), cmp.out());
    }

    @Test
    void badSuiteFilesAreInputErrorsNamingTheField() throws Exception {
        Path suite = tmp.resolve("bad.yaml");
        Files.writeString(suite, "tasks: [{name: a, data: synthetic}]\nmodels: [{name: x, kind: magic}]\n");
        GqaCliTest.Result r = GqaCliTest.run("suite", "run", suite.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.yaml") && r.err().contains("kind must be one of"), r.err());
        Files.writeString(suite, "tasks: [{name: a, data: synthetic, contxt: 8}]\nmodels: [{name: x, kind: checkpoint, path: p}]\n");
        r = GqaCliTest.run("suite", "run", suite.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("contxt"), r.err());
        assertEquals(2, GqaCliTest.run("suite", "compare", tmp.toString(), tmp.toString()).code(), "not a run directory");
    }
}
