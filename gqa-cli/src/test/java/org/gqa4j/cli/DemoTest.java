package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gqa4j.convert.ConversionMethods;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportJson;
import org.gqa4j.eval.report.ReportWriter;
import org.gqa4j.train.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job end to end at a tiny size: every stage runs and the report holds every model. */
class DemoTest {

    @TempDir Path tmp;

    @Test
    void tinyDemoWritesTheWholeReport() throws Exception {
        var s = new Demo.Settings(Datasets.BTC, 1, 16, 8, 16, 0.0, 30, 8, 1e-3, new int[] {4, 2, 1},
                List.of(ConversionMethods.MEAN, ConversionMethods.RECOMMENDED), 0.1, new double[] {0, 0.1}, 2,
                new long[] {1, 2}, new int[] {32}, 10);
        List<String> said = new ArrayList<>();
        Report r = new Demo(s, tmp.resolve("demo"), said::add, ProgressListener.NONE).run();

        Path report = tmp.resolve("demo/report");
        for (String f : List.of(ReportWriter.JSON, ReportWriter.MARKDOWN, ReportWriter.HTML)) {
            assertTrue(Files.size(report.resolve(f)) > 0, f);
        }
        JsonNode json = ReportJson.MAPPER.readTree(report.resolve(ReportWriter.JSON).toFile());
        List<String> names = new ArrayList<>();
        json.get("models").forEach(m -> names.add(m.get("name").asText()));
        assertEquals(List.of("mha", "gqa4-mean", "gqa4-regroup-aligned", "gqa2-mean", "gqa2-regroup-aligned",
                "gqa1-mean", "gqa1-regroup-aligned"), names);
        assertEquals(6, json.get("comparisons").size(), "every converted model against the parent");
        String md = Files.readString(report.resolve(ReportWriter.MARKDOWN));
        String html = Files.readString(report.resolve(ReportWriter.HTML));
        for (String n : names) {
            assertTrue(md.contains("| " + n + " |"), n + " in report.md");
            assertTrue(html.contains(n), n + " in report.html");
        }
        // sweeps: KV heads (8, 4, 2, 1) per method; uptraining fraction per method, each over both seeds
        assertNotNull(r.sweeps());
        assertEquals(2 * 4, r.sweeps().kvHeads().points().size());
        assertEquals(2 * 2, r.sweeps().uptrainFraction().points().size());
        r.sweeps().uptrainFraction().points().forEach(p -> assertEquals(2, p.n()));
        assertTrue(said.stream().anyMatch(l -> l.startsWith("[4/4]")), "progress reported: " + said);
    }
}
