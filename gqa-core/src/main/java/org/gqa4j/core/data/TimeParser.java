package org.gqa4j.core.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the date/time forms found in price files into Unix milliseconds (UTC):
 * {@code yyyy-MM-dd}, {@code yyyy/M/d}, either followed by {@code T} or a space and
 * {@code H:mm[:ss[.fraction]]}, optionally ending in {@code Z} or an offset like {@code +01:00};
 * {@code yyyyMMdd} (eight digits that form a valid date: as epoch seconds they would fall in 1970-73);
 * or an integer epoch (seconds below 1e11, milliseconds below 1e14, microseconds below 1e17, else nanoseconds).
 * Times without an offset are taken as UTC.
 */
final class TimeParser {

    static final String ACCEPTED = "yyyy-MM-dd, yyyy-MM-dd HH:mm[:ss], ISO yyyy-MM-ddTHH:mm:ss[Z|+hh:mm], yyyyMMdd"
            + " or epoch s/ms/us/ns";

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})"
                    + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
                    + "\\s*(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern EPOCH = Pattern.compile("\\d{1,18}");

    private TimeParser() {
    }

    /** The time in ms, or throws IllegalArgumentException with a short reason. */
    static long toMillis(String text) {
        String s = text.trim();
        if (EPOCH.matcher(s).matches()) {
            if (s.length() == 8) {
                s = s.substring(0, 4) + "-" + s.substring(4, 6) + "-" + s.substring(6);
            } else {
                return epochToMillis(Long.parseLong(s));
            }
        }
        Matcher m = DATE_TIME.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(org.gqa4j.core.Excerpt.of(text) + " is not a date/time; expected " + ACCEPTED);
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            LocalDateTime dt = date.atStartOfDay();
            if (m.group(4) != null) {
                int nanos = 0;
                if (m.group(7) != null) {
                    nanos = Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
                }
                dt = date.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
            }
            ZoneOffset offset = m.group(8) == null ? ZoneOffset.UTC : ZoneOffset.of(
                    m.group(8).length() == 5 ? m.group(8).substring(0, 3) + ":" + m.group(8).substring(3) : m.group(8));
            return dt.toInstant(offset).toEpochMilli();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(org.gqa4j.core.Excerpt.of(text) + " is not a valid date/time (" + e.getMessage() + ")");
        }
    }

    /** Seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude ({@link EpochUnit}). */
    static long epochToMillis(long v) {
        return EpochUnit.of(v).toMillis(v);
    }
}
