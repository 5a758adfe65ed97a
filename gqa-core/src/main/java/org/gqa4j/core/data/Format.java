package org.gqa4j.core.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.gqa4j.core.InputException;

/** Input file formats; {@link #AUTO} detects the format from the file's first line. */
public enum Format {
    AUTO,
    /** {@code Date,Open,High,Low,Close,Adj Close,Volume}; Close is used, not Adj Close. */
    YAHOO,
    /** Binance klines: 12 columns, no header, open time in ms or µs. */
    BINANCE,
    /** {@code date,open,high,low,close,volume}. */
    TA4J,
    /** A header, a first date/time column, then numeric columns. */
    NUMERIC,
    /** Trades {@code timestamp,price,amount} (Unix seconds), aggregated into 1-minute bars. */
    TRADES,
    /** The ta4j JSON bar format ({@code {"ohlc":[{"endTime":..,"openPrice":..}]}}). */
    JSON;

    /** Parses a name case-insensitively ("auto", "yahoo", ...); null or blank means AUTO. */
    public static Format parse(String name) {
        if (name == null || name.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException("unknown data format '" + name + "'; expected one of " + names());
        }
    }

    /** "auto|yahoo|binance|...", for help texts and error messages. */
    public static String names() {
        return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
    }
}
