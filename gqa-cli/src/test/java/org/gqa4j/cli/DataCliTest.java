package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gqa data} and the input errors of issue 14 that only the command line sees. */
class DataCliTest {

    @TempDir Path tmp;

    /** Hourly ta4j bars with rows [from, to) missing. */
    private Path hourly(String name, int bars, int from, int to, boolean newestFirst) throws IOException {
        Instant t0 = Instant.parse("2021-01-01T00:00:00Z");
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < bars; i++) {
            if (i >= from && i < to) continue;
            double c = 100 + (i % 9);
            rows.add(t0.plus(i, ChronoUnit.HOURS) + "," + c + "," + (c + 1) + "," + (c - 1) + "," + (c + 0.5) + ",100");
        }
        if (newestFirst) java.util.Collections.reverse(rows);
        rows.add(0, "date,open,high,low,close,volume");
        Path f = tmp.resolve(name);
        Files.write(f, rows);
        return f;
    }

    private static JsonNode lastJson(String out) throws IOException {
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    @Test
    void describesAFileWithAGapOnOneJsonLine() throws IOException {
        Path f = hourly("gap.csv", 400, 200, 210, false);
        GqaCliTest.Result r = GqaCliTest.run("data", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = lastJson(r.out());
        assertEquals("ta4j", j.get("format").asText());
        assertEquals(390, j.get("bars").asInt());
        assertEquals("2021-01-01T00:00:00Z", j.get("first").asText());
        assertEquals(3600, j.get("interval_seconds").asLong());
        assertEquals(1, j.get("gaps").asInt());
        assertEquals(10, j.get("largest_gap_bars").asInt());
        assertEquals(false, j.get("descending").asBoolean());
        assertTrue(r.err().toLowerCase().contains("gap"), r.err());
    }

    @Test
    void gapPolicyErrorRefusesAndFillAddsTheMissingBars() throws IOException {
        Path f = hourly("gap.csv", 400, 200, 210, false);
        GqaCliTest.Result refused = GqaCliTest.run("data", f.toString(), "--gaps", "error");
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains(f.toString()), refused.err());
        GqaCliTest.Result filled = GqaCliTest.run("data", f.toString(), "--gaps", "fill");
        assertEquals(0, filled.code(), filled.err());
        assertEquals(400, lastJson(filled.out()).get("bars").asInt());
    }

    @Test
    void aNewestFirstFileReadsInOrderWithANote() throws IOException {
        Path f = hourly("desc.csv", 300, 0, 0, true);
        GqaCliTest.Result r = GqaCliTest.run("data", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = lastJson(r.out());
        assertEquals(300, j.get("bars").asInt());
        assertEquals(true, j.get("descending").asBoolean());
        assertEquals("2021-01-01T00:00:00Z", j.get("first").asText());
    }

    @Test
    void badEvalOptionsAreInputErrors() throws IOException {
        GqaCliTest.Result cost = GqaCliTest.run("eval", tmp.resolve("nothing").toString(), "--cost-bps", "-1");
        assertEquals(2, cost.code(), cost.err());
        assertTrue(cost.err().contains("--cost-bps"), cost.err());
        Path existing = Files.writeString(tmp.resolve("report-file"), "x");
        GqaCliTest.Result report = GqaCliTest.run("eval", tmp.resolve("nothing").toString(), "--report", existing.toString());
        assertEquals(2, report.code(), report.err());
        assertTrue(report.err().contains("--report"), report.err());
    }
}
