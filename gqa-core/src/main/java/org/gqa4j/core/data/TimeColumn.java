package org.gqa4j.core.data;

import java.nio.file.Path;

import org.gqa4j.core.InputException;
import org.gqa4j.core.data.CsvRows.Row;

/**
 * One column of times: date/time strings or integer epochs, whose unit (s, ms, us, ns) is
 * detected by magnitude on the first epoch value and must then hold for the whole column, so
 * one odd value is an error naming its line, not a time thousands of years away.
 */
final class TimeColumn {

    private final Path file;
    private final int index;
    private final String name;
    private EpochUnit unit;
    private long unitLine;

    TimeColumn(Path file, int index, String name) {
        this.file = file;
        this.index = index;
        this.name = name;
    }

    /** The row's time in Unix milliseconds. */
    long millis(Row row) {
        String text = row.get(index).trim();
        if (CsvRows.isInteger(text) && text.length() != 8) {
            return epoch(row, CsvRows.integer(file, row, index, name));
        }
        try {
            return TimeParser.toMillis(text);
        } catch (IllegalArgumentException e) {
            throw InputException.at(file, row.line(), "column '" + name + "': " + e.getMessage());
        }
    }

    /** An integer epoch time of this column in Unix milliseconds. */
    long epoch(Row row, long v) {
        EpochUnit u = EpochUnit.of(v);
        if (unit == null) {
            unit = u;
            unitLine = row.line();
        } else if (u != unit) {
            throw InputException.at(file, row.line(), "column '" + name + "' has " + v + ", which reads as "
                    + u.symbol + " since 1970, but line " + unitLine + " has " + unit.symbol
                    + "; a time column uses one unit");
        }
        return u.toMillis(v);
    }

    /** The epoch unit detected, or null if the column holds date/time strings. */
    EpochUnit unit() {
        return unit;
    }
}
