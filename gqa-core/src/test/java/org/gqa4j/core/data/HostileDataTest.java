package org.gqa4j.core.data;

import static org.gqa4j.core.data.Fixtures.errorAt;
import static org.gqa4j.core.data.Fixtures.inputError;
import static org.gqa4j.core.data.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and careless price files: bounded work, no silent wrong data, real exports read as they are. */
class HostileDataTest {

    private static final String TA4J = "date,open,high,low,close,volume\n";
    private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aNumberOfManyDigitsEndingInALetterIsRefusedQuicklyWithAShortMessage() {
        // 80,000 digits: over the line cap; 250 digits: under it, refused by the field parser
        Path f = write(dir, "long.csv", TA4J + "2024-01-01,1,1,1," + "1".repeat(80_000) + "x,1\n");
        String m = errorAt(f, 2, () -> PriceLoader.load(f, Format.AUTO), "line longer than");
        assertTrue(m.length() < 400, m);
        Path g = write(dir, "mid.csv", TA4J + "2024-01-01,1,1,1," + "1".repeat(250) + "x,1\n");
        m = errorAt(g, 2, () -> PriceLoader.load(g, Format.AUTO), "column 'close' has '1111", "(251 characters)", "not a finite number");
        assertTrue(m.length() < 400, m);
        Path h = write(dir, "field.csv", TA4J + "2024-01-01,1,1,1," + "1".repeat(300) + ",1\n");
        errorAt(h, 2, () -> PriceLoader.load(h, Format.AUTO), "a field is at most 256");
    }

    @Test
    void decimalScannerAcceptsExactlyFiniteDecimals() {
        for (String ok : List.of("1", "-1", "+1.5", ".5", "5.", "1e5", "1E-5", "-0.25e+3", "007")) {
            assertTrue(CsvRows.isDecimal(ok), ok);
        }
        for (String bad : List.of("", "-", ".", "e5", "1e", "1e+", "NaN", "Infinity", "0x10", "1d", "1f", "1.2.3", "1 2", "1,5")) {
            assertFalse(CsvRows.isDecimal(bad), bad);
        }
    }

    @Test
    void tradeTimesInMillisecondsAreNotReadAsSeconds() {
        StringBuilder sb = new StringBuilder("timestamp,price,amount\n");
        for (int i = 0; i < 3000; i++) sb.append(T0 + i * 20_000L).append(",").append(100 + (i % 13) * 0.1).append(",0.5\n");
        PriceSeries s = PriceLoader.load(write(dir, "t.csv", sb.toString()), Format.AUTO);
        long minutes = Math.floorDiv(T0 + 2999 * 20_000L, 60_000L) - Math.floorDiv(T0, 60_000L) + 1;
        assertEquals(minutes, s.size()); // 60,000 s of trades = 1,000 minutes (1,001 clock minutes touched)
        assertTrue(s.loadInfo().notes().stream().anyMatch(n -> n.contains("trade times in ms")), s.loadInfo().notes().toString());
    }

    @Test
    void everyEpochUnitIsToldByMagnitude() {
        long sec = 1_700_000_000L;
        for (long scale : new long[] {1, 1_000, 1_000_000, 1_000_000_000}) {
            StringBuilder k = new StringBuilder();
            StringBuilder n = new StringBuilder("time,x\n");
            for (int i = 0; i < 5; i++) {
                long t = (sec + i * 60L) * scale;
                k.append(t).append(",1,1,1,1,1,0,0,0,0,0,0\n");
                n.append(t).append(",").append(i).append("\n");
            }
            PriceSeries klines = PriceLoader.load(write(dir, "k" + scale + ".csv", k.toString()), Format.AUTO);
            assertEquals(sec * 1000, klines.time(0), "klines at scale " + scale);
            assertEquals(Format.BINANCE.name().toLowerCase(), klines.loadInfo().format());
            PriceSeries numeric = PriceLoader.load(write(dir, "n" + scale + ".csv", n.toString()), Format.AUTO);
            assertEquals(sec * 1000 + 4 * 60_000, numeric.time(4), "numeric at scale " + scale);
        }
        assertEquals(EpochUnit.NANOSECONDS, EpochUnit.of(1_700_000_000_000_000_000L));
        assertEquals(1_700_000_000_000L, TimeParser.epochToMillis(1_700_000_000_000_000_000L)); // not the year 55,900
    }

    @Test
    void aFarOffTradeIsAnErrorNamingBothLinesNotMillionsOfBars() {
        String csv = "timestamp,price,amount\n" + T0 / 1000 + ",1,1\n" + (T0 / 1000 + 30) + ",1,1\n"
                + (T0 / 1000 + 86_400L * 365 * 50) + ",1,1\n";
        Path f = write(dir, "far.csv", csv);
        errorAt(f, 4, () -> PriceLoader.load(f, Format.AUTO), "between line 3", "and line 4",
                "longer than the 1440 bars gap filling fabricates at most");
    }

    @Test
    void absurdContextFailsFastInsteadOfOverflowing() {
        PriceSeries s = Datasets.load("synthetic", Format.AUTO);
        inputError(() -> DataPrep.fit(s, null, 1, 2_000_000_000), "context 2000000000 is larger than the limit");
        inputError(() -> DataPrep.minBars(true, 1, Integer.MAX_VALUE), "out of bounds");
        inputError(() -> DataPrep.fit(s, null, 2_000_000_000, 16), "horizon 2000000000 is larger than the limit");
    }

    @Test
    void aDescendingBinanceExportWithHeaderAndDatetimeStringsReadsAsTheSameBars() {
        List<String> rows = new ArrayList<>();
        StringBuilder ascending = new StringBuilder(TA4J);
        for (int i = 0; i < 400; i++) {
            long t = T0 + i * 3_600_000L;
            int c = 30000 + 50 * ((i * 7) % 11);
            rows.add(ISO.format(Instant.ofEpochMilli(t)) + "," + c + "," + (c + 20) + "," + (c - 20) + "," + (c + 5) + ","
                    + (10 + i % 5) + "," + (t + 3_599_999) + ",1.0,5,1.0,1.0,0");
            ascending.append(ISO.format(Instant.ofEpochMilli(t))).append(",").append(c).append(",").append(c + 20).append(",")
                    .append(c - 20).append(",").append(c + 5).append(",").append(10 + i % 5).append("\n");
        }
        java.util.Collections.reverse(rows);
        String csv = "timestamp,open,high,low,close,volume,close_time,quote_av,trades,tb_base_av,tb_quote_av,ignore\n"
                + String.join("\n", rows) + "\n";
        PriceSeries s = PriceLoader.load(write(dir, "bn.csv", csv), Format.AUTO);
        PriceSeries plain = PriceLoader.load(write(dir, "asc.csv", ascending.toString()), Format.AUTO);
        assertEquals(400, s.size());
        assertEquals(plain.fingerprint(), s.fingerprint(), "the same bars, oldest first");
        assertTrue(s.loadInfo().descending());
        assertEquals(3_600_000L, s.loadInfo().intervalMillis());
        List<String> notes = s.loadInfo().notes();
        assertTrue(notes.stream().anyMatch(n -> n.contains("newest-first")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("ignored columns 'close_time'")), notes.toString());
        // explicit --format binance reads the header too
        assertEquals(400, PriceLoader.load(write(dir, "bn2.csv", csv), Format.BINANCE).size());
    }

    @Test
    void headersAreMatchedByNameInAnyOrderAndCase() {
        String csv = "Close,VOLUME,Open_Time,High,Low,Open,Extra\n2024-01-01T00:00:00Z,5,2,3,1,2,x\n"
                .replace("2024-01-01T00:00:00Z,5,2,3,1,2,x", "2,5,2024-01-01T00:00:00Z,3,1,2,x");
        PriceSeries s = PriceLoader.load(write(dir, "h.csv", csv + "2,5,2024-01-01T00:01:00Z,3,1,2,y\n"), Format.AUTO);
        assertEquals(2, s.size());
        assertEquals(3.0, s.bars().get(0).high());
        assertTrue(s.loadInfo().notes().get(0).contains("ignored column 'Extra'"), s.loadInfo().notes().toString());
        Path f = write(dir, "nt.csv", "when,open,high,low,close,volume\nx,1,1,1,1,1\n");
        errorAt(f, 1, () -> PriceLoader.load(f, Format.AUTO), "no time column", "timestamp, date, time, open_time");
    }

    @Test
    void theSeparatorIsDetectedOrNamed() {
        String rows = "2024-01-01;1;1;1;1;1\n2024-01-02;1;1;1;1;1\n";
        PriceSeries s = PriceLoader.load(write(dir, "semi.csv", TA4J.replace(',', ';') + rows), Format.AUTO);
        assertEquals(2, s.size());
        assertTrue(s.loadInfo().notes().get(0).contains("separator ';' detected"));
        PriceSeries t = PriceLoader.load(write(dir, "tab.tsv", (TA4J + "2024-01-01,1,1,1,1,1\n").replace(',', '\t')), Format.AUTO);
        assertEquals(1, t.size());
        Path comma = write(dir, "dec.csv", TA4J.replace(',', ';') + "2024-01-01;1,5;2;1;1,5;1\n");
        errorAt(comma, 2, () -> PriceLoader.load(comma, Format.AUTO), "decimal comma");
        Path one = write(dir, "pipe.csv", "date|open|high|low|close|volume\n2024-01-01|1|1|1|1|1\n");
        errorAt(one, 1, () -> PriceLoader.load(one, Format.AUTO), "the separator is none of , ; or tab");
        Path klines = write(dir, "k.csv", "1,2,3\n");
        errorAt(klines, 1, () -> PriceLoader.load(klines, Format.AUTO), "3 columns separated by ','");
    }

    @Test
    void gapsAreReportedOnEveryLoadAndHandledByThePolicy() {
        StringBuilder sb = new StringBuilder(TA4J);
        for (int i = 0; i < 400; i++) {
            if (i >= 200 && i < 210) continue;
            sb.append(ISO.format(Instant.ofEpochMilli(T0 + i * 3_600_000L))).append(",100,101,99,100.5,100\n");
        }
        Path f = write(dir, "hourly.csv", sb.toString());
        PriceSeries kept = PriceLoader.load(f, Format.AUTO, GapPolicy.KEEP);
        assertEquals(390, kept.size());
        assertEquals(1, kept.loadInfo().gaps());
        assertEquals(10, kept.loadInfo().largestGapBars());
        String note = kept.loadInfo().notes().get(0);
        assertTrue(note.contains("1 gap of missing bars") && note.contains("between line 201 and line 202"), note);
        PriceSeries filled = PriceLoader.load(f, Format.AUTO, GapPolicy.FILL);
        assertEquals(400, filled.size());
        assertEquals(10, filled.filledCount());
        assertEquals(100.5, filled.bars().get(205).close()); // the previous close
        assertEquals(0.0, filled.bars().get(205).volume());
        errorAt(f, 202, () -> PriceLoader.load(f, Format.AUTO, GapPolicy.ERROR), "gap of 10 missing bars of 1h",
                "between line 201", "and line 202");
        // fill never fabricates more than the stated limit
        String far = TA4J + "2024-01-01 00:00,1,1,1,1,1\n2024-01-01 00:01,1,1,1,1,1\n2024-03-01 00:00,1,1,1,1,1\n";
        Path g = write(dir, "far.csv", far);
        errorAt(g, 4, () -> PriceLoader.load(g, Format.AUTO, GapPolicy.FILL), "longer than the 1440 bars");
        assertEquals(3, PriceLoader.load(g, Format.AUTO, GapPolicy.KEEP).size());
    }

    @Test
    void aBarStillFormingIsFlagged() {
        long now = System.currentTimeMillis() / 60_000 * 60_000;
        String csv = "timestamp,open,high,low,close,volume\n" + (now - 120_000) + ",1,1,1,1,1\n" + (now - 60_000)
                + ",1,1,1,1,1\n" + now + ",1,1,1,1,1\n";
        PriceSeries s = PriceLoader.load(write(dir, "live.csv", csv), Format.AUTO);
        assertTrue(s.loadInfo().partialLastBar());
        assertTrue(s.loadInfo().notes().stream().anyMatch(n -> n.contains("still forming")), s.loadInfo().notes().toString());
        assertFalse(PriceLoader.load(write(dir, "old.csv", TA4J + "2024-01-01,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n"), Format.AUTO)
                .loadInfo().partialLastBar());
    }

    @Test
    void recordedDatasetsAreUsedOnlyWhenBuiltIn() {
        assertEquals("synthetic", Datasets.forCheckpoint(null, "synthetic"));
        assertEquals(null, Datasets.forCheckpoint(null, "/etc/shadow"));
        assertEquals("mine.csv", Datasets.forCheckpoint("mine.csv", "/etc/shadow"));
        String m = Datasets.recordedFileMessage(Path.of("ck"), "/etc/shadow\u001b[2J");
        assertTrue(m.contains("pass the file with --data") && m.contains("\\u001b"), m);
    }

    @Test
    void excerptsAreShortAndEscaped() {
        assertEquals("'a\\'b\\n'", org.gqa4j.core.Excerpt.of("a'b\n"));
        String e = org.gqa4j.core.Excerpt.of("x".repeat(10_000));
        assertTrue(e.length() < 80 && e.endsWith("(10000 characters)"), e);
    }

    @Test
    void jsonBarsWithAnAbsurdDurationOrTimeAreInputErrors() {
        Path f = write(dir, "j.json", "{\"name\":\"X_PT999999999H\",\"ohlc\":[{\"endTime\":1,\"openPrice\":1,\"highPrice\":1,"
                + "\"lowPrice\":1,\"closePrice\":1,\"volume\":1}]}");
        inputError(() -> PriceLoader.load(f, Format.AUTO), "not a usable duration");
        Path g = write(dir, "k.json", "{\"ohlc\":[{\"endTime\":9223372036854775807,\"openPrice\":1,\"highPrice\":1,"
                + "\"lowPrice\":1,\"closePrice\":1,\"volume\":1}]}");
        inputError(() -> PriceLoader.load(g, Format.AUTO), "is not a time in milliseconds");
    }
}
