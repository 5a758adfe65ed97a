package org.gqa4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DatasetsTest {

    @Test
    void btcTradesBecomeOneMinuteBars() {
        PriceSeries s = Datasets.load("btc-usd-1m", Format.AUTO);
        assertEquals(9603, s.size());
        assertEquals(204, s.filledCount());
        assertEquals(1385337600000L, s.time(0));             // 2013-11-25T00:00Z
        assertEquals(1385913720000L, s.time(s.size() - 1));  // 2013-12-01T16:02Z
        for (int i = 1; i < s.size(); i++) {
            assertEquals(60_000L, s.time(i) - s.time(i - 1)); // gaps are filled: a regular grid
        }
        Bar first = s.bars().get(0);
        assertEquals(Bar.of(1385337600000L, 800.01, 807.47, 800.01, 807.47, first.volume()), first);
        assertEquals(2.85664446, first.volume(), 1e-9);
        assertSame(s, Datasets.builtIn("BTC-USD-1M")); // cached
    }

    @Test
    void ethAndAaplLoad() {
        PriceSeries eth = Datasets.builtIn("eth-usd-5m");
        assertEquals(580, eth.size());
        assertEquals(1678730400000L, eth.time(0)); // endTime 1678730699999 + 1 - 5 min: bars carry their start
        assertEquals(Bar.of(1678730400000L, 1673.58, 1677.62, 1672.44, 1672.99, 65.3033), eth.bars().get(0));
        PriceSeries aapl = Datasets.builtIn("aapl-1d");
        assertEquals(252, aapl.size());
        assertEquals(1357084800000L, aapl.time(0)); // 2013-01-02
        assertEquals(549.03, aapl.bars().get(0).close());
    }

    @Test
    void listingHasCountsAndSpans() {
        List<DatasetInfo> all = Datasets.builtIns();
        assertEquals(List.of("btc-usd-1m", "eth-usd-5m", "aapl-1d", "synthetic"),
                all.stream().map(DatasetInfo::name).toList());
        DatasetInfo btc = all.get(0);
        assertEquals(9603, btc.bars());
        assertEquals(1385337600000L, btc.firstMillis());
        assertEquals(1385913720000L, btc.lastMillis());
        assertTrue(btc.source().contains("bitstamp_trades_from_20131125_usd.csv"));
        assertEquals(SyntheticMarket.DEFAULT_BARS, all.get(3).bars());
        for (DatasetInfo d : all) {
            assertTrue(d.lastMillis() > d.firstMillis() && !d.description().isBlank(), d.toString());
        }
    }

    @Test
    void builtInsAreLongEnoughForTheirDefaultUse() {
        PriceSeries btc = Datasets.builtIn(Datasets.DEFAULT);
        PreparedData d = DataPrep.fit(btc, null, 1, 256).apply(btc);
        assertTrue(d.testPositions().length > 1500);
        assertTrue(DataPrep.fit(Datasets.builtIn("aapl-1d"), null, 1, 32).apply(Datasets.builtIn("aapl-1d"))
                .testPositions().length > 40);
    }
}
