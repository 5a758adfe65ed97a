package org.gqa4j.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Aggregates trades into fixed-length OHLCV bars. A bar's time is the start of its period;
 * open is the first trade, close the last, high/low the extremes, volume the sum of amounts.
 * Periods with no trade between the first and the last trade become gap bars
 * ({@link Bar#gap}: previous close, zero volume, {@code filled = true}).
 * A silence longer than {@link Gaps#MAX_FILL_BARS} periods is refused rather than filled.
 * Trades out of time order are a documented repair: they are sorted stably by time first,
 * so trades within the same second keep their file order.
 */
public final class TradeAggregator {

    public static final long MINUTE = 60_000L;

    /** One trade: time in Unix milliseconds, price > 0, amount >= 0; {@code line} its file line (0 if none). */
    public record Trade(long timeMillis, double price, double amount, long line) {
        public Trade(long timeMillis, double price, double amount) {
            this(timeMillis, price, amount, 0);
        }
    }

    private TradeAggregator() {
    }

    public static List<Bar> aggregate(List<Trade> trades, long barMillis) {
        return aggregate(trades, barMillis, Path.of("trades"), GapPolicy.KEEP);
    }

    /**
     * Aggregates {@code trades} (from {@code file}, which names the source in errors). Periods
     * without a trade are always filled (that is what aggregation means), but never more than
     * {@link Gaps#MAX_FILL_BARS} in a row: a longer silence is an error naming both trades' lines;
     * {@link GapPolicy#ERROR} refuses any period without a trade.
     */
    public static List<Bar> aggregate(List<Trade> trades, long barMillis, Path file, GapPolicy policy) {
        if (barMillis <= 0) {
            throw new IllegalArgumentException("bar length must be positive: " + barMillis);
        }
        List<Trade> sorted = trades;
        if (outOfOrder(trades) > 0) {
            sorted = new ArrayList<>(trades);
            sorted.sort(Comparator.comparingLong(Trade::timeMillis)); // List.sort is stable
        }
        List<Bar> bars = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            long start = Math.floorDiv(sorted.get(i).timeMillis(), barMillis) * barMillis;
            if (!bars.isEmpty()) {
                Bar prev = bars.get(bars.size() - 1);
                long missing = (start - prev.timeMillis()) / barMillis - 1;
                if (missing > 0) {
                    long before = sorted.get(i - 1).line();
                    long after = sorted.get(i).line();
                    Gaps.checkFillable(file, missing, barMillis, before, after, sorted.get(i - 1).timeMillis(),
                            sorted.get(i).timeMillis());
                    if (policy == GapPolicy.ERROR) {
                        throw org.gqa4j.core.InputException.at(file, after, missing + " periods of "
                                + Gaps.interval(barMillis) + " without a trade between line " + before + " ("
                                + SeriesChecks.show(sorted.get(i - 1).timeMillis()) + ") and line " + after + " ("
                                + SeriesChecks.show(sorted.get(i).timeMillis()) + "); --gaps error refuses gaps");
                    }
                }
                for (long gap = prev.timeMillis() + barMillis; gap < start; gap += barMillis) {
                    bars.add(Bar.gap(gap, prev.close()));
                }
            }
            double open = sorted.get(i).price();
            double high = open;
            double low = open;
            double close = open;
            double volume = 0;
            for (; i < sorted.size() && sorted.get(i).timeMillis() < start + barMillis; i++) {
                Trade t = sorted.get(i);
                high = Math.max(high, t.price());
                low = Math.min(low, t.price());
                close = t.price();
                volume += t.amount();
            }
            bars.add(Bar.of(start, open, high, low, close, volume));
        }
        return bars;
    }

    /** How many trades are earlier than the trade before them. */
    public static int outOfOrder(List<Trade> trades) {
        int n = 0;
        for (int i = 1; i < trades.size(); i++) {
            if (trades.get(i).timeMillis() < trades.get(i - 1).timeMillis()) {
                n++;
            }
        }
        return n;
    }

    static PriceSeries toSeries(String name, String source, List<Trade> trades, long barMillis) {
        return PriceSeries.ofBars(name, source, aggregate(trades, barMillis));
    }
}
