package org.gqa4j.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.layout.CheckpointImport;
import org.gqa4j.core.checkpoint.layout.LlamaFixture;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportJson;
import org.gqa4j.suite.file.SuiteFile;
import org.gqa4j.suite.graph.Job;
import org.gqa4j.suite.graph.JobKinds;
import org.gqa4j.suite.graph.SuitePlanner;
import org.gqa4j.suite.graph.SuiteRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A suite model of kind import: a HuggingFace-style checkpoint imported with the task's data and split, then converted. */
class ImportKindTest {

    // 3 inputs = the synthetic market's features; 1 output = target return at horizon 1
    static final LlamaFixture.Spec SPEC = new LlamaFixture.Spec(3, 1, 16, 24, 1, 4, 4, 4, true, 8, 1e-5, 500.0);
    static final String SUITE = """
            seeds: [1, 2]
            tasks:
              - {name: a, data: synthetic, targets: [return], context: 8,
                 split: {kind: rows, train_end: 600, val_end: 700, test_end: 800}}
            models:
              - {name: hf, kind: import, path: hf}
              - {name: hf-gqa2, kind: convert, from: hf, kv_heads: 2, method: mean, alpha: 0}
            evaluation: {instruments: 1, latency: false, memory_samples: 0}
            """;

    @TempDir Path tmp;

    @Test
    void anImportedModelIsScoredAndConvertedWithTheTasksSplitAndCachedByItsContent() throws Exception {
        Path hf = LlamaFixture.write(tmp.resolve("hf"), LlamaFixture.config(SPEC), LlamaFixture.tensors(SPEC, 3));
        Path suite = Files.writeString(tmp.resolve("s.yaml"), SUITE);

        SuiteRun.Outcome o = SuiteRun.run(suite, tmp.resolve("run"), l -> {});
        // one import shared by both seeds, 2 conversions, 4 scores, 1 report
        assertEquals(8, o.jobsTotal());
        assertEquals(8, o.jobsRun());

        Map<String, Job> jobs = SuitePlanner.plan(SuiteFile.read(suite), tmp, org.gqa4j.core.BuildInfo.codeVersion()).byId();
        Path imported = tmp.resolve("run").resolve("jobs").resolve(jobs.get("import a hf").key()).resolve(JobKinds.MODEL_DIR);
        Checkpoint inSuite = CheckpointIO.read(imported);
        SplitSpec taskSplit = new SplitSpec.Rows(600, 700, 800);
        assertEquals(taskSplit, inSuite.dataPrep().split(), "the task's split is attached, not the default");
        assertEquals(List.of("return"), inSuite.dataPrep().targetNames());

        // the same import by hand gives the same weights and data preparation
        Path direct = tmp.resolve("direct");
        CheckpointImport.run(new CheckpointImport.Request(hf, direct, "auto", "synthetic", Format.AUTO, List.of("return"), taskSplit), l -> {});
        Checkpoint byHand = CheckpointIO.read(direct);
        assertEquals(byHand.dataPrep(), inSuite.dataPrep());
        byHand.weights().asMap().forEach((k, v) -> assertArrayEquals(v, inSuite.weights().get(k), k));

        Path reportJson = Path.of(org.gqa4j.core.config.ConfigJson.MAPPER.readTree(Path.of(o.results()).toFile())
                .get("tasks").get(0).get("report_json").asText());
        Report r = ReportJson.read(reportJson);
        assertEquals(List.of("hf/s1", "hf/s2", "hf-gqa2/s1", "hf-gqa2/s2"), r.models().stream().map(Report.Model::name).toList());
        assertEquals("hf/s1", r.comparisonOf("hf-gqa2/s1", "return").parent());

        assertEquals(0, SuiteRun.run(suite, tmp.resolve("run"), l -> {}).jobsRun(), "a re-run computes nothing");

        // other weights under the same path: the import and everything after it is recomputed
        LlamaFixture.write(Files.createDirectories(tmp.resolve("hf2")), LlamaFixture.config(SPEC), LlamaFixture.tensors(SPEC, 4));
        Files.copy(tmp.resolve("hf2").resolve("model.safetensors"), hf.resolve("model.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(8, SuiteRun.run(suite, tmp.resolve("run"), l -> {}).jobsRun());
    }

    @Test
    void aMissingImportPathNamesTheModel() throws Exception {
        Path suite = Files.writeString(tmp.resolve("s.yaml"), SUITE.replace("path: hf", "path: nowhere"));
        InputException e = assertThrows(InputException.class, () -> SuiteRun.run(suite, tmp.resolve("run"), l -> {}));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        Path noPath = Files.writeString(tmp.resolve("t.yaml"), SUITE.replace(", path: hf", ""));
        InputException e2 = assertThrows(InputException.class, () -> SuiteFile.read(noPath));
        assertTrue(e2.getMessage().contains("models.hf: kind import needs path"), e2.getMessage());
    }
}
