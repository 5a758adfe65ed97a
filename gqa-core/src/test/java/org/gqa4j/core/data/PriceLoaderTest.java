package org.gqa4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceLoaderTest {

    private static final List<Bar> EXPECTED = List.of(
            Bar.of(1704153600000L, 100.5, 101.25, 99.75, 101.0, 12000),
            Bar.of(1704240000000L, 101.0, 102.5, 100.25, 102.0, 15500.5),
            Bar.of(1704326400000L, 102.0, 102.0, 98.5, 99.0, 20000),
            Bar.of(1704412800000L, 99.25, 100.0, 99.0, 99.5, 0),
            Bar.of(1704672000000L, 99.5, 103.75, 99.5, 103.5, 31000.25),
            Bar.of(1704758400000L, 103.5, 104.0, 102.125, 103.0, 18000));

    @Test
    void everyOhlcvFormatLoadsTheSameBars() {
        String fingerprint = PriceSeries.ofBars("x", "x", EXPECTED).fingerprint();
        Object[][] cases = {
            {"bars_yahoo.csv", Format.YAHOO},
            {"bars_ta4j.csv", Format.TA4J},
            {"bars_binance_ms.csv", Format.BINANCE},
            {"bars_binance_us.csv", Format.BINANCE},
        };
        for (Object[] c : cases) {
            Path file = Fixtures.resource((String) c[0]);
            for (Format f : List.of(Format.AUTO, (Format) c[1])) {
                PriceSeries s = PriceLoader.load(file, f);
                assertEquals(EXPECTED, s.bars(), c[0] + " as " + f);
                assertEquals(fingerprint, s.fingerprint(), c[0] + " as " + f);
                assertEquals(file.toString(), s.source());
            }
        }
    }

    @Test
    void detectsEachFormatFromTheFirstLine() {
        assertEquals(Format.YAHOO, detect("bars_yahoo.csv"));
        assertEquals(Format.TA4J, detect("bars_ta4j.csv"));
        assertEquals(Format.BINANCE, detect("bars_binance_ms.csv"));
        assertEquals(Format.NUMERIC, detect("rates.csv"));
        assertEquals(Format.TRADES, detect("trades.csv"));
    }

    private static Format detect(String name) {
        Path file = Fixtures.resource(name);
        return PriceLoader.detect(file, CsvRows.read(file));
    }

    @Test
    void numericCsvLoadsColumnsAndTargetsByName() {
        PriceSeries s = Datasets.load(Fixtures.resource("rates.csv").toString(), Format.AUTO);
        assertFalse(s.isOhlcv());
        assertEquals(List.of("usd", "eur", "jpy"), s.columns());
        assertEquals(80, s.size());
        assertEquals(1577836800000L, s.time(0)); // 2020/1/1 0:00 UTC
        assertEquals(110.0, s.value(0, 2));
        DataPrep prep = DataPrep.fit(s, List.of("jpy", "usd"), 3, 8);
        assertEquals(List.of("usd", "eur", "jpy"), prep.featureNames());
        assertEquals(List.of("jpy", "usd"), prep.targetNames());
        assertEquals("jpy+2", prep.outputName(1));
        assertEquals("usd+1", prep.outputName(3));
        PreparedData d = prep.apply(s);
        // standardized levels at t + k in raw units
        assertEquals(s.value(10 + 2, 2), d.rawTargets()[10][1], 0);
        assertEquals(s.value(10 + 1, 0), d.rawTargets()[10][3], 0);
        assertEquals(s.value(10 + 2, 2), prep.denormalizeTarget(1, d.targets()[10][1]), 1e-4);
    }

    @Test
    void timeFormsBomAndBlankLines(@TempDir Path dir) {
        Path f = Fixtures.write(dir, "t.csv", "\uFEFFdate,a\n2024-01-02 09:30,1\n\n2024-01-02T10:31:00.5+01:00,2\n1704188000,3\n20240103,4\n");
        PriceSeries s = PriceLoader.load(f, Format.NUMERIC);
        assertEquals(1704187800000L, s.time(0));            // no offset means UTC
        assertEquals(1704187860500L, s.time(1));           // 10:31:00.5+01:00 = 09:31:00.5Z
        assertEquals(1704188000000L, s.time(2));            // epoch seconds
        assertEquals(1704240000000L, s.time(3));            // yyyyMMdd
    }

    @Test
    void fingerprintDependsOnValuesNotOnNameOrSource() {
        PriceSeries a = PriceSeries.ofBars("a", "here", EXPECTED);
        PriceSeries b = PriceSeries.ofBars("b", "there", EXPECTED);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertNotEquals(a.fingerprint(), a.withValue(3, 4, 1.0).fingerprint());
        assertTrue(a.fingerprint().matches("[0-9a-f]{64}"));
    }

    @Test
    void formatNamesParseCaseInsensitively() {
        assertEquals(Format.BINANCE, Format.parse("Binance"));
        assertEquals(Format.AUTO, Format.parse(null));
        assertEquals(Format.NUMERIC, Format.parse(" numeric "));
        Fixtures.inputError(() -> Format.parse("excel"), "excel", "auto|yahoo|binance|ta4j|numeric");
    }
}
