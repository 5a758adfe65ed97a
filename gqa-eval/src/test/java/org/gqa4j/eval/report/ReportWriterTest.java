package org.gqa4j.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gqa4j.core.config.ConfigJson;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    @Test
    void jsonHoldsEveryFieldAndReadsBackEqual() throws Exception {
        Report r = SampleReport.build();
        ReportWriter.write(dir, r);
        JsonNode j = ConfigJson.MAPPER.readTree(dir.resolve("report.json").toFile());

        assertEquals(Report.SCHEMA_VERSION, j.get("schema_version").asInt());
        has(j, "created", "dataset.name", "dataset.fingerprint", "dataset.test_positions", "dataset.span.start", "dataset.span.end",
                "baselines.zero.mse", "baselines.last_value.mae", "baselines.train_mean.mse",
                "environment.java_version", "environment.cores", "environment.nd4j_backend", "kv_cache_setting.context",
                "sweeps.kv_heads.points", "sweeps.uptrain_fraction.points");
        assertEquals(3, j.get("models").size());
        for (int i = 0; i < 3; i++) {
            JsonNode m = j.get("models").get(i);
            assertEquals(SampleReport.NAMES.get(i), m.get("name").asText()); // the order given
            has(m, "path", "n_heads", "n_kv_heads", "params", "param_bytes", "kv_cache_bytes", "kv_cache_bytes_per_layer",
                    "kv_cache_bytes_measured", "metrics.mse", "metrics.mae", "metrics.directional_accuracy", "metrics.ic",
                    "metrics.ic_spearman", "metrics.mse_raw.return@1", "metrics.mae_raw.abs_return@1", "metrics.vol_mse",
                    "metrics.vol_mae", "baselines.zero.mse", "baselines.last_value.mse", "baselines.train_mean.mae",
                    "backtest.total_return", "backtest.sharpe", "backtest.max_drawdown", "backtest.turnover", "backtest.hit_rate",
                    "backtest.cost_bps", "latency.p50_ms", "latency.p99_ms", "latency.decisions_per_s",
                    "provenance.method", "provenance.parent", "provenance.uptrain_steps");
        }
        assertEquals(8, j.get("models").get(0).get("n_kv_heads").asInt());
        // an undefined metric is JSON null, never "NaN"; so is a measurement not taken
        assertTrue(j.get("models").get(2).get("metrics").get("ic").isNull());
        assertTrue(j.get("models").get(2).get("kv_cache_bytes_measured").isNull());
        assertFalse(Files.readString(dir.resolve("report.json")).contains("NaN"));

        assertEquals(2, j.get("comparisons").size());
        for (JsonNode c : j.get("comparisons")) {
            has(c, "model", "parent", "delta_mse", "ci_low", "ci_high", "dm_stat", "dm_p_value", "method");
            assertTrue(c.get("ci_low").asDouble() <= c.get("delta_mse").asDouble() && c.get("delta_mse").asDouble() <= c.get("ci_high").asDouble());
        }
        assertEquals(9, j.get("latency_sweep").size());
        has(j.get("latency_sweep").get(0), "model", "context", "instruments", "p50_ms", "p99_ms");
        has(j.get("sweeps").get("kv_heads").get("points").get(0), "series", "x", "mean", "std", "min", "max", "values");

        assertEquals(r, ReportJson.read(dir.resolve("report.json"))); // NaN comes back as NaN
    }

    @Test
    void htmlIsSelfContainedWithChartsAndEscapedText() throws Exception {
        ReportWriter.write(dir, SampleReport.build());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(count(html, "<svg") >= 5, "quality, delta, memory, latency and sweep charts"); // two sweeps make 6
        assertFalse(Pattern.compile("(?i)(src|href|xlink:href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html).find());
        assertFalse(Pattern.compile("(?i)https?://").matcher(html).find(), "no URL at all, not even an svg namespace");
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("url(") || html.contains("@import"));
        assertFalse(html.contains("<mean>"), "model names are escaped");
        assertTrue(html.contains("gqa-2 &lt;mean&gt; &amp; co"));
        assertEquals(count(html, "<svg"), count(html, "</svg>"));
    }

    @Test
    void markdownHasOneSummaryRowPerModel() throws Exception {
        ReportWriter.write(dir, SampleReport.build());
        String md = Files.readString(dir.resolve("report.md"));
        String models = md.substring(md.indexOf("## Models"), md.indexOf("## Quality per target"));
        List<String> rows = new ArrayList<>(models.lines().filter(l -> l.startsWith("| ")).toList());
        assertEquals(1 + 3, rows.size(), models); // header + one per model
        assertTrue(rows.get(1).startsWith("| mha |"));
        assertTrue(rows.get(2).startsWith("| gqa-2 \\<mean> & co |"), rows.get(2));
        assertTrue(rows.get(2).contains("+0.0040 [+0.0010, +0.0070] *"), rows.get(2));
        assertTrue(md.contains("## Backtest") && md.contains("## Quality against the uptraining fraction"));
        String prov = md.substring(md.indexOf("## Provenance"));
        List<String> provRows = prov.lines().filter(l -> l.startsWith("| ")).toList();
        assertTrue(provRows.get(0).contains("| Uptrain fraction | Distill | Seed |"), provRows.get(0));
        assertTrue(provRows.get(1).startsWith("| mha | trained |") && provRows.get(1).endsWith("|  | 42 |"), provRows.get(1));
        assertTrue(provRows.get(2).endsWith("| 1.00 | 42 |"), provRows.get(2));
    }

    @Test
    void consoleTableAlignsOneLinePerModel() {
        String t = ReportWriter.table(SampleReport.build());
        List<String> lines = t.lines().toList();
        assertTrue(lines.get(0).startsWith("Model"));
        assertTrue(lines.get(1).matches("-+"));
        for (int i = 0; i < 3; i++) assertTrue(lines.get(2 + i).startsWith(SampleReport.NAMES.get(i)), lines.get(2 + i));
        assertEquals(lines.get(0).length(), lines.get(2).length());
        assertTrue(t.chars().allMatch(c -> c < 128), "plain ASCII for any terminal");
        assertTrue(lines.get(4).contains("n/a"), "the MQA's undefined IC"); // not NaN
    }

    @Test
    void reportFilesGetTheUsualPermissionsNotPrivateOnes() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        ReportWriter.write(dir, SampleReport.build());
        // what any new file here gets (the umask), e.g. rw-r--r--; Files.createTempFile would give rw-------
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        var usual = Files.getPosixFilePermissions(plain);
        assertTrue(usual.contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ));
        for (String f : List.of(ReportWriter.JSON, ReportWriter.MARKDOWN, ReportWriter.HTML)) {
            assertEquals(usual, Files.getPosixFilePermissions(dir.resolve(f)), f);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(4, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void refusesMisleadingReportsAndWritesNothing() {
        Report r = SampleReport.build();
        List<Report.Model> dup = new ArrayList<>(r.models());
        dup.add(r.models().get(0));
        Report twice = new Report(1, r.created(), r.dataset(), r.kvCacheSetting(), dup, r.baselines(), r.comparisons(),
                r.latencySweep(), r.sweeps(), r.environment());
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(dir, twice));
        Report orphan = new Report(1, r.created(), r.dataset(), r.kvCacheSetting(), r.models().subList(1, 3), r.baselines(),
                r.comparisons(), List.of(), null, r.environment());
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(dir, orphan));
        assertFalse(Files.exists(dir.resolve("report.json")));
    }

    @Test
    void minimalReportStillRendersAndLeavesNoTemporaryFiles() throws Exception {
        Report r = Report.of(new Report.Dataset("tiny", null, 0, null, null), null, List.of(), null, null, null, null, null);
        ReportWriter.write(dir, r);
        ReportWriter.write(dir, r); // overwrite in place
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("report.html", "report.json", "report.md"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(r, ReportJson.read(dir.resolve("report.json")));
        assertTrue(ReportWriter.table(r).startsWith("Model"));
    }

    @Test
    void sweepPointStatistics() {
        Sweeps.Point p = Sweeps.Point.of("mean", 2, 1.0, 2.0, 3.0);
        assertEquals(3, p.n());
        assertEquals(2.0, p.mean(), 1e-12);
        assertEquals(1.0, p.std(), 1e-12); // sample sd of 1, 2, 3
        assertEquals(1.0, p.min());
        assertEquals(3.0, p.max());
        assertTrue(Double.isNaN(Sweeps.Point.of("mean", 2, 1.0).std()));
    }

    private static void has(JsonNode node, String... paths) {
        for (String p : paths) {
            JsonNode n = node;
            for (String part : p.split("\\.")) {
                assertTrue(n != null && n.has(part), () -> "missing field " + p);
                n = n.get(part);
            }
        }
    }

    private static int count(String s, String needle) {
        int c = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) c++;
        return c;
    }
}
