package org.gqa4j.core.data;

import static org.gqa4j.core.data.Fixtures.errorAt;
import static org.gqa4j.core.data.Fixtures.inputError;
import static org.gqa4j.core.data.Fixtures.write;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per class of bad input: each is an InputException naming file, line and (where relevant) column. */
class BadInputTest {

    private static final String TA4J = "date,open,high,low,close,volume\n";
    private static final String YAHOO = "Date,Open,High,Low,Close,Adj Close,Volume\n";

    @TempDir
    Path dir;

    private Path ta4j(String rows) {
        return write(dir, "bars.csv", TA4J + rows);
    }

    @Test
    void unsortedTimesNameBothLines() {
        Path f = ta4j("2024-01-02,1,1,1,1,1\n2024-01-04,1,1,1,1,1\n2024-01-03,1,1,1,1,1\n");
        errorAt(f, 4, () -> PriceLoader.load(f, Format.AUTO), "earlier than", "line 3", "chronological");
    }

    @Test
    void duplicateTimesNameBothLines() {
        Path f = ta4j("2024-01-02,1,1,1,1,1\n\n2024-01-02,1,1,1,1,1\n"); // the blank line still counts
        errorAt(f, 4, () -> PriceLoader.load(f, Format.AUTO), "duplicate time 2024-01-02T00:00:00Z", "line 2");
    }

    @Test
    void unsortedNumericRows() {
        // neither oldest-first nor strictly newest-first (which is read in reverse)
        Path f = write(dir, "n.csv", "date,a\n2024-01-02,1\n2024-01-01,2\n2024-01-03,3\n");
        errorAt(f, 3, () -> PriceLoader.load(f, Format.AUTO), "earlier than", "line 2");
    }

    @Test
    void nanFieldNamesColumn() {
        Path f = write(dir, "y.csv", YAHOO + "2024-01-02,1,1,1,1,1,1\n2024-01-03,1,1,1,NaN,1,1\n");
        errorAt(f, 3, () -> PriceLoader.load(f, Format.AUTO), "column 'Close'", "NaN", "not a finite number");
    }

    @Test
    void nonNumericFieldNamesColumn() {
        Path f = write(dir, "n.csv", "date,usd,eur\n2024-01-02,1,2\n2024-01-03,1,abc\n");
        errorAt(f, 3, () -> PriceLoader.load(f, Format.AUTO), "column 'eur'", "'abc'");
        Path g = ta4j("2024-01-02,1,1,1,1,\n");
        errorAt(g, 2, () -> PriceLoader.load(g, Format.AUTO), "column 'volume' is empty");
        Path h = ta4j("02/01/2024,1,1,1,1,1\n");
        errorAt(h, 2, () -> PriceLoader.load(h, Format.AUTO), "column 'date'", "not a date/time", "yyyy-MM-dd");
    }

    @Test
    void yahooNullRow() {
        Path f = write(dir, "y.csv", YAHOO + "2024-01-02,1,1,1,1,1,1\n2024-01-03,null,null,null,null,null,null\n");
        errorAt(f, 3, () -> PriceLoader.load(f, Format.YAHOO), "'null' field (Yahoo writes it");
    }

    @Test
    void nonPositivePrice() {
        Path f = ta4j("2024-01-02,1,1,1,1,1\n2024-01-03,0,1,0,1,1\n");
        errorAt(f, 3, () -> PriceLoader.load(f, Format.AUTO), "non-positive price", "must be > 0");
        Path g = write(dir, "t.csv", "timestamp,price,amount\n1385337600,-5,1\n");
        errorAt(g, 2, () -> PriceLoader.load(g, Format.AUTO), "non-positive price -5.0");
    }

    @Test
    void negativeVolume() {
        Path f = ta4j("2024-01-02,1,1,1,1,-1\n");
        errorAt(f, 2, () -> PriceLoader.load(f, Format.AUTO), "negative volume");
    }

    @Test
    void highBelowLow() {
        Path f = ta4j("2024-01-02,2,1,3,2,1\n");
        errorAt(f, 2, () -> PriceLoader.load(f, Format.AUTO), "high 1.0 is below low 3.0");
    }

    @Test
    void closeOutsideRange() {
        Path f = ta4j("2024-01-02,2,3,1,4,1\n");
        errorAt(f, 2, () -> PriceLoader.load(f, Format.AUTO), "close 4.0 is outside [low 1.0, high 3.0]");
        Path g = write(dir, "b.csv", "1704153600000,5,3,1,2,1,0,0,0,0,0,0\n");
        errorAt(g, 1, () -> PriceLoader.load(g, Format.AUTO), "open 5.0 is outside");
    }

    @Test
    void wrongOrMissingColumnsSayWhatWasExpected() {
        Path f = write(dir, "bars.csv", "date,open,high,low,close\n2024-01-02,1,1,1,1\n");
        errorAt(f, 1, () -> PriceLoader.load(f, Format.AUTO), "missing volume",
                "expected a time column and open, high, low, close, volume");
        Path y = write(dir, "y.csv", "Date,Open,High,Low,Close,Adj Close,Vol\n2024-01-02,1,1,1,1,1,1\n");
        errorAt(y, 1, () -> PriceLoader.load(y, Format.AUTO), "missing volume", "found 'Date,Open,High,Low,Close,Adj Close,Vol'");
        Path b = write(dir, "k.csv", "1704153600000,1,1,1,1,1,0,0,0,0,0,0\n1704240000000,1,1,1,1,1\n");
        errorAt(b, 2, () -> PriceLoader.load(b, Format.AUTO), "expected 12 columns", "open time, open, high");
        Path r = ta4j("2024-01-02,1,1,1,1\n");
        errorAt(r, 2, () -> PriceLoader.load(r, Format.AUTO), "expected 6 columns as in the header", "found 5");
        Path u = write(dir, "u.csv", "1,2,3\n");
        errorAt(u, 1, () -> PriceLoader.load(u, Format.AUTO), "cannot detect the format", "Binance");
        Path n = write(dir, "n.csv", "date,a,a\n2024-01-02,1,2\n");
        errorAt(n, 1, () -> PriceLoader.load(n, Format.NUMERIC), "duplicate column name 'a'");
        Path h = write(dir, "h.csv", "2024-01-02,1,2\n2024-01-03,1,2\n");
        errorAt(h, 1, () -> PriceLoader.load(h, Format.AUTO), "looks like data", "expected a header");
    }

    @Test
    void malformedCsvQuote() {
        Path f = write(dir, "q.csv", "date,a\n2024-01-02,\"1\n2024-01-03,2\n");
        errorAt(f, 2, () -> PriceLoader.load(f, Format.AUTO), "malformed CSV", "EOF reached");
    }

    @Test
    void binanceTimesInMixedUnitsAreRefused() {
        // seconds are read as seconds (by magnitude), but one column never mixes units
        Path f = write(dir, "k.csv", "1704153600,1,1,1,1,1,0,0,0,0,0,0\n1704153660000,1,1,1,1,1,0,0,0,0,0,0\n");
        errorAt(f, 2, () -> PriceLoader.load(f, Format.BINANCE), "reads as ms since 1970, but line 1 has s");
    }

    @Test
    void emptyFile() {
        Path f = write(dir, "empty.csv", "");
        inputError(() -> PriceLoader.load(f, Format.AUTO), f + ": empty file");
        Path blank = write(dir, "blank.csv", "\n\n");
        inputError(() -> PriceLoader.load(blank, Format.AUTO), blank + ": empty file");
        Path header = write(dir, "header.csv", TA4J);
        inputError(() -> PriceLoader.load(header, Format.AUTO), header + ": no data rows after the header");
        Path json = write(dir, "e.json", "{\"ohlc\": []}");
        inputError(() -> PriceLoader.load(json, Format.AUTO), json + ": no bars");
    }

    @Test
    void tooShortForOneWindow() {
        int need = DataPrep.minBars(true, 2, 10);
        PriceSeries full = SyntheticMarket.generate(1, need);
        DataPrep.fit(full, null, 2, 10); // exactly enough
        PriceSeries s = SyntheticMarket.generate(1, need - 1);
        inputError(() -> DataPrep.fit(s, null, 2, 10), s.source() + ": too short: " + (need - 1) + " bars",
                "context 10 and horizon 2 need at least " + need + " bars");
        Path f = ta4j("2024-01-02,1,1,1,1,1\n2024-01-03,1,1,1,1,1\n");
        PriceSeries tiny = PriceLoader.load(f, Format.AUTO);
        inputError(() -> DataPrep.fit(tiny, null, 1, 1), f + ": too short: 2 bars");
    }

    @Test
    void unknownTargetListsValidNames() {
        PriceSeries s = SyntheticMarket.generate(1, 500);
        inputError(() -> DataPrep.fit(s, List.of("price"), 1, 8), "unknown target 'price'",
                "return, abs_return, log_range");
        PriceSeries n = PriceLoader.load(Fixtures.resource("rates.csv"), Format.AUTO);
        inputError(() -> DataPrep.fit(n, List.of("gbp"), 1, 8), "unknown target 'gbp'", "usd, eur, jpy");
    }

    @Test
    void missingFileNamesPathAndBuiltIns() {
        Path f = dir.resolve("nope.csv");
        inputError(() -> Datasets.load(f.toString(), Format.AUTO), f + ": no such file",
                "btc-usd-1m, eth-usd-5m, aapl-1d, synthetic");
    }

    @Test
    void malformedJsonNamesLine() {
        Path f = write(dir, "b.json", "{\"ohlc\": [\n {\"endTime\": 1, \"openPrice\": 1,\n ]}");
        errorAt(f, 3, () -> PriceLoader.load(f, Format.AUTO), "malformed JSON");
        Path g = write(dir, "c.json", "{\"ohlc\": [\n {\"endTime\": 1678730699999, \"openPrice\": 1}\n]}");
        errorAt(g, 2, () -> PriceLoader.load(g, Format.JSON), "bar without 'highPrice'");
    }
}
