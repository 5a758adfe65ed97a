package org.gqa4j.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gqa4j.core.InputException;

/**
 * Missing bars in a series. The bar interval is the most frequent step between consecutive
 * times; a step longer than the interval is a gap of {@code (step - 1) / interval} missing bars.
 * (Weekends and holidays in daily stock data are gaps in this sense: they are reported, and
 * kept unless asked otherwise.)
 */
final class Gaps {

    /** The longest gap {@link GapPolicy#FILL} (and trade aggregation) fills: one day of minutes. */
    static final int MAX_FILL_BARS = 1_440;

    /**
     * @param intervalMillis the bar interval (0 for fewer than two rows)
     * @param count          gaps
     * @param largestBars    missing bars in the largest gap
     * @param missingBars    missing bars in all gaps
     * @param first          row index after the first gap (-1 if none)
     * @param largest        row index after the largest gap (-1 if none)
     */
    record Report(long intervalMillis, int count, long largestBars, long missingBars, int first, int largest) {
        static final Report NONE = new Report(0, 0, 0, 0, -1, -1);
    }

    private Gaps() {
    }

    static Report analyze(long[] times) {
        if (times.length < 2) return Report.NONE;
        long interval = interval(times);
        int count = 0;
        int first = -1;
        int largestAt = -1;
        long largest = 0;
        long missing = 0;
        for (int i = 1; i < times.length; i++) {
            long step = times[i] - times[i - 1];
            if (step > interval) {
                long m = (step - 1) / interval;
                count++;
                missing += m;
                if (first < 0) first = i;
                if (m > largest) {
                    largest = m;
                    largestAt = i;
                }
            }
        }
        return new Report(interval, count, largest, missing, first, largestAt);
    }

    /** The most frequent positive step (the smallest of equally frequent ones). */
    static long interval(long[] times) {
        Map<Long, Integer> freq = new HashMap<>();
        long best = Long.MAX_VALUE;
        int bestCount = 0;
        for (int i = 1; i < times.length; i++) {
            long step = times[i] - times[i - 1];
            if (step <= 0) continue;
            int c = freq.merge(step, 1, Integer::sum);
            if (c > bestCount || (c == bestCount && step < best)) {
                best = step;
                bestCount = c;
            }
        }
        return bestCount == 0 ? 1 : best;
    }

    /** "gaps: 3 (12 missing bars of 1h; largest 10 bars after line 201, 2021-01-09T07:00:00Z)". */
    static String describe(Report r, long[] times, long[] lines) {
        if (r.count() == 0) return "no gaps (interval " + interval(r.intervalMillis()) + ")";
        int i = r.largest();
        String where = lines == null ? "" : " between line " + lines[i - 1] + " and line " + lines[i] + ",";
        int f = r.first();
        String first = r.count() == 1 ? "" : "; first" + (lines == null ? "" : " between line " + lines[f - 1]
                + " and line " + lines[f] + ",") + " after " + SeriesChecks.show(times[f - 1]);
        return r.count() + " gap" + (r.count() == 1 ? "" : "s") + " of missing bars (" + r.missingBars() + " bars of "
                + interval(r.intervalMillis()) + " missing; largest " + r.largestBars() + " bars" + where + " after "
                + SeriesChecks.show(times[i - 1]) + first + ")";
    }

    /** The load report of a series made without a file (a built-in): its interval and gaps, no notes. */
    static LoadInfo summary(PriceSeries s, String format) {
        Report r = analyze(s.times());
        return new LoadInfo(format, false, r.intervalMillis(), r.count(), r.largestBars(), s.filledCount(), false, List.of());
    }

    /** Refuses the first gap, naming both lines. */
    static void refuse(Path file, Report r, long[] times, long[] lines) {
        int f = r.first();
        throw InputException.at(file, lines[f], "gap of " + (times[f] - times[f - 1] - 1) / r.intervalMillis()
                + " missing bars of " + interval(r.intervalMillis()) + " between line " + lines[f - 1] + " ("
                + SeriesChecks.show(times[f - 1]) + ") and line " + lines[f] + " (" + SeriesChecks.show(times[f])
                + "); --gaps error refuses gaps (keep or fill accept them)");
    }

    /** The bars with every gap filled by flagged bars at the previous close; a gap above the limit is refused. */
    static List<Bar> fill(Path file, List<Bar> bars, long[] lines, long interval) {
        List<Bar> out = new ArrayList<>(bars.size());
        for (int i = 0; i < bars.size(); i++) {
            if (i > 0) {
                Bar prev = bars.get(i - 1);
                long step = bars.get(i).timeMillis() - prev.timeMillis();
                if (step > interval) {
                    long missing = (step - 1) / interval;
                    checkFillable(file, missing, interval, lines[i - 1], lines[i], prev.timeMillis(), bars.get(i).timeMillis());
                    for (long t = prev.timeMillis() + interval; t < bars.get(i).timeMillis(); t += interval) {
                        out.add(Bar.gap(t, prev.close()));
                    }
                }
            }
            out.add(bars.get(i));
        }
        return out;
    }

    static void checkFillable(Path file, long missing, long interval, long lineBefore, long lineAfter, long before, long after) {
        if (missing > MAX_FILL_BARS) {
            throw InputException.at(file, lineAfter, "gap of " + missing + " missing bars of " + interval(interval)
                    + " between line " + lineBefore + " (" + SeriesChecks.show(before) + ") and line " + lineAfter
                    + " (" + SeriesChecks.show(after) + ") is longer than the " + MAX_FILL_BARS
                    + " bars gap filling fabricates at most; check the times, or split the file there");
        }
    }

    /** "1m", "1h", "5m", "1d", "250ms". */
    static String interval(long ms) {
        if (ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0) return ms / 60_000L + "m";
        if (ms % 1_000L == 0) return ms / 1_000L + "s";
        return ms + "ms";
    }
}
