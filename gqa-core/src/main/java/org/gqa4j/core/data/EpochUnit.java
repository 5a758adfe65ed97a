package org.gqa4j.core.data;

/**
 * The unit of an integer epoch time, told by magnitude. Each unit's range starts where the
 * previous one would pass the year 5138, so any time after 1973 is read in its own unit:
 * seconds below 1e11, milliseconds below 1e14, microseconds below 1e17, nanoseconds above.
 */
enum EpochUnit {
    SECONDS("s", 1_000L, 0),
    MILLISECONDS("ms", 1L, 0),
    MICROSECONDS("us", 0, 1_000L),
    NANOSECONDS("ns", 0, 1_000_000L);

    final String symbol;
    private final long multiply;
    private final long divide;

    EpochUnit(String symbol, long multiply, long divide) {
        this.symbol = symbol;
        this.multiply = multiply;
        this.divide = divide;
    }

    static EpochUnit of(long v) {
        long a = v == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(v);
        if (a < 100_000_000_000L) return SECONDS;
        if (a < 100_000_000_000_000L) return MILLISECONDS;
        if (a < 100_000_000_000_000_000L) return MICROSECONDS;
        return NANOSECONDS;
    }

    /** {@code v} in this unit as Unix milliseconds (floored). */
    long toMillis(long v) {
        return divide > 0 ? Math.floorDiv(v, divide) : v * multiply; // seconds < 1e11: no overflow
    }
}
