package org.gqa4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gqa4j.core.data.TradeAggregator.Trade;
import org.junit.jupiter.api.Test;

class TradeAggregatorTest {

    private static final long T0 = 1_385_337_600_000L; // 2013-11-25T00:00Z, a minute start

    @Test
    void fixtureAggregatesExactly() {
        PriceSeries s = PriceLoader.load(Fixtures.resource("trades.csv"), Format.AUTO);
        List<Bar> expected = List.of(
                Bar.of(T0, 100, 102, 99, 101, 3.75),               // four trades, the last one at :59
                Bar.of(T0 + 60_000, 101.5, 101.5, 101.5, 101.5, 1.0), // a single trade
                Bar.gap(T0 + 120_000, 101.5),                      // no trade: previous close, volume 0
                Bar.gap(T0 + 180_000, 101.5),
                Bar.of(T0 + 240_000, 103, 104, 102.5, 102.5, 2.5),
                Bar.of(T0 + 300_000, 102, 102, 102, 102, 0.0));    // a traded minute with zero amount is not a gap
        assertEquals(expected, s.bars());
        assertTrue(s.bars().get(2).filled());
        assertFalse(s.bars().get(5).filled());
        assertEquals(2, s.filledCount());
        assertEquals(s.bars(), PriceLoader.load(Fixtures.resource("trades.csv"), Format.TRADES).bars());
    }

    @Test
    void unsortedTradesAreSortedStablyFirst() {
        List<Trade> trades = List.of(
                new Trade(T0 + 61_000, 10, 1),
                new Trade(T0 + 1_000, 20, 1),   // earlier minute, out of order
                new Trade(T0 + 61_000, 11, 1),  // same time as the first: keeps file order after it
                new Trade(T0 + 5_000, 21, 2));
        assertEquals(2, TradeAggregator.outOfOrder(trades));
        List<Bar> bars = TradeAggregator.aggregate(trades, TradeAggregator.MINUTE);
        assertEquals(List.of(Bar.of(T0, 20, 21, 20, 21, 3), Bar.of(T0 + 60_000, 10, 11, 10, 11, 2)), bars);
    }

    @Test
    void negativeTimesUseFloorBuckets() {
        List<Bar> bars = TradeAggregator.aggregate(List.of(new Trade(-1, 5, 1), new Trade(0, 6, 1)), 60_000);
        assertEquals(List.of(Bar.of(-60_000, 5, 5, 5, 5, 1), Bar.of(0, 6, 6, 6, 6, 1)), bars);
    }
}
