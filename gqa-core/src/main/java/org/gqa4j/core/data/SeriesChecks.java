package org.gqa4j.core.data;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.gqa4j.core.InputException;

/** The checks every loaded series passes: strictly increasing times and sane OHLCV values. */
final class SeriesChecks {

    private SeriesChecks() {
    }

    /** Times must strictly increase; an error names both lines. */
    static void checkTimes(Path file, long[] times, long[] lines) {
        for (int i = 1; i < times.length; i++) {
            checkOrder(file, times, lines, i);
        }
    }

    /** Row i must come strictly after row i - 1. */
    static void checkOrder(Path file, long[] times, long[] lines, int i) {
        if (times[i] == times[i - 1]) {
            throw InputException.at(file, lines[i], "duplicate time " + show(times[i])
                    + " (same as line " + lines[i - 1] + "); each time may appear once");
        }
        if (times[i] < times[i - 1]) {
            throw InputException.at(file, lines[i], "time " + show(times[i]) + " is earlier than "
                    + show(times[i - 1]) + " at line " + lines[i - 1]
                    + "; rows must be in chronological order (oldest first)");
        }
    }

    /** Positive prices, non-negative volume, low <= open, close <= high. */
    static void checkBar(Path file, long line, Bar b) {
        if (!(b.open() > 0 && b.high() > 0 && b.low() > 0 && b.close() > 0)) {
            throw InputException.at(file, line, "non-positive price (open " + b.open() + ", high " + b.high()
                    + ", low " + b.low() + ", close " + b.close() + "); prices must be > 0");
        }
        if (b.volume() < 0) {
            throw InputException.at(file, line, "negative volume " + b.volume() + "; expected volume >= 0");
        }
        if (b.high() < b.low()) {
            throw InputException.at(file, line, "high " + b.high() + " is below low " + b.low()
                    + "; expected high >= low");
        }
        if (b.close() < b.low() || b.close() > b.high()) {
            throw InputException.at(file, line, "close " + b.close() + " is outside [low " + b.low()
                    + ", high " + b.high() + "]");
        }
        if (b.open() < b.low() || b.open() > b.high()) {
            throw InputException.at(file, line, "open " + b.open() + " is outside [low " + b.low()
                    + ", high " + b.high() + "]");
        }
    }

    /** Checks every bar and the time order, in file order, then builds the series. */
    static PriceSeries bars(Path file, String name, List<Bar> bars, long[] lines) {
        long[] times = new long[bars.size()];
        for (int i = 0; i < times.length; i++) {
            checkBar(file, lines[i], bars.get(i));
            times[i] = bars.get(i).timeMillis();
            if (i > 0) {
                checkOrder(file, times, lines, i);
            }
        }
        return PriceSeries.ofBars(name, file.toString(), bars);
    }

    static String show(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
