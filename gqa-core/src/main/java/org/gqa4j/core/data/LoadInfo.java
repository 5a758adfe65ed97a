package org.gqa4j.core.data;

import java.util.List;

/**
 * How a series was read from its file: the format, what was noticed (newest-first order,
 * ignored columns, the separator), the gaps of missing bars, and whether the last bar looks
 * incomplete. {@code gqa data} prints it; every load reports its notes.
 *
 * @param format          the format read (yahoo, binance, ...; "builtin" or "synthetic" for built-ins)
 * @param descending      the file was strictly newest-first and was read in reverse
 * @param intervalMillis  the bar interval (most frequent step), 0 with fewer than two rows
 * @param gaps            gaps of missing bars (as in the file, before any filling)
 * @param largestGapBars  missing bars in the largest gap
 * @param filledBars      bars inserted by gap filling (trade minutes without a trade included)
 * @param partialLastBar  the last bar ends after the time of loading: it is still forming
 * @param notes           one line each, for stderr
 */
public record LoadInfo(String format, boolean descending, long intervalMillis, int gaps, long largestGapBars,
                       int filledBars, boolean partialLastBar, List<String> notes) {

    public LoadInfo {
        notes = List.copyOf(notes);
    }

    static LoadInfo none(String format) {
        return new LoadInfo(format, false, 0, 0, 0, 0, false, List.of());
    }
}
