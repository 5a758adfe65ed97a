package org.gqa4j.core.data;

/**
 * One OHLCV bar. {@code timeMillis} is the bar's start (Unix milliseconds, UTC).
 * {@code filled} marks a repaired gap: a period with no trade, written as
 * open = high = low = close = previous close and volume 0.
 */
public record Bar(long timeMillis, double open, double high, double low, double close,
                  double volume, boolean filled) {

    /** An ordinary (traded) bar. */
    public static Bar of(long timeMillis, double open, double high, double low, double close, double volume) {
        return new Bar(timeMillis, open, high, low, close, volume, false);
    }

    /** A gap bar at the previous close with zero volume. */
    public static Bar gap(long timeMillis, double previousClose) {
        return new Bar(timeMillis, previousClose, previousClose, previousClose, previousClose, 0.0, true);
    }
}
