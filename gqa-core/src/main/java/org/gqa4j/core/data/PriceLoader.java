package org.gqa4j.core.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gqa4j.core.InputException;
import org.gqa4j.core.data.CsvRows.Row;

/**
 * Loads a price file in one of the {@link Format}s. Every error names the file and the
 * 1-based file line (header = line 1) and, where relevant, the column. Loaders keep the rows
 * as given: they never reorder, drop or fill rows (irregular spacing such as weekends is normal).
 */
public final class PriceLoader {

    static final List<String> YAHOO_HEADER = List.of("Date", "Open", "High", "Low", "Close", "Adj Close", "Volume");
    static final List<String> TA4J_HEADER = List.of("date", "open", "high", "low", "close", "volume");
    static final List<String> TRADES_HEADER = List.of("timestamp", "price", "amount");
    static final List<String> BINANCE_COLUMNS = List.of("open time", "open", "high", "low", "close", "volume",
            "close time", "quote volume", "trades", "taker buy base volume", "taker buy quote volume", "ignore");

    private PriceLoader() {
    }

    /** Loads {@code file}; AUTO detects the format from its first line. */
    public static PriceSeries load(Path file, Format format) {
        Format f = format == null ? Format.AUTO : format;
        if (f == Format.JSON || (f == Format.AUTO && looksLikeJson(file))) {
            return JsonBars.load(file);
        }
        return fromRows(file, baseName(file), CsvRows.read(file), f);
    }

    /** Parses rows already read from {@code file} (which only names the source in errors). */
    static PriceSeries fromRows(Path file, String name, List<Row> rows, Format format) {
        Format f = format == Format.AUTO ? detect(file, rows.get(0)) : format;
        return switch (f) {
            case YAHOO -> headerBars(file, name, rows, YAHOO_HEADER, true);
            case TA4J -> headerBars(file, name, rows, TA4J_HEADER, false);
            case BINANCE -> binance(file, name, rows);
            case NUMERIC -> numeric(file, name, rows);
            case TRADES -> trades(file, name, rows);
            default -> throw new IllegalStateException("format " + f);
        };
    }

    /** The format a file's first row implies. */
    static Format detect(Path file, Row first) {
        if (CsvRows.isNumber(first.get(0))) {
            if (first.size() == BINANCE_COLUMNS.size()) {
                return Format.BINANCE;
            }
            throw InputException.at(file, first.line(), "cannot detect the format: no header and "
                    + first.size() + " columns; expected a header line (Yahoo " + String.join(",", YAHOO_HEADER)
                    + ", ta4j " + String.join(",", TA4J_HEADER) + ", or a date column plus numeric columns)"
                    + " or 12-column Binance klines");
        }
        Set<String> names = normalized(first);
        if (names.contains("adj close")) {
            return Format.YAHOO;
        }
        if (names.equals(Set.copyOf(TRADES_HEADER))) {
            return Format.TRADES;
        }
        if (names.containsAll(List.of("open", "high", "low", "close"))) {
            return first.size() == BINANCE_COLUMNS.size() && first.get(0).toLowerCase(Locale.ROOT).contains("time")
                    ? Format.BINANCE : Format.TA4J;
        }
        return Format.NUMERIC;
    }

    /** Yahoo or ta4j: a header with exactly the expected names (any order, any case). */
    private static PriceSeries headerBars(Path file, String name, List<Row> rows, List<String> expected,
                                          boolean yahoo) {
        Map<String, Integer> at = headerIndex(file, rows.get(0), expected);
        int[] col = new int[TA4J_HEADER.size()];
        for (int i = 0; i < col.length; i++) {
            col[i] = at.get(TA4J_HEADER.get(i));
        }
        String[] shown = {expected.get(0), expected.get(1), expected.get(2), expected.get(3), expected.get(4),
            expected.get(expected.size() - 1)};
        List<Bar> bars = new ArrayList<>();
        long[] lines = dataLines(file, rows, 1);
        for (Row r : rows.subList(1, rows.size())) {
            checkWidth(file, r, expected.size(), "as in the header " + String.join(",", expected));
            if (yahoo && isYahooNull(r)) {
                throw InputException.at(file, r.line(), "Yahoo 'null' row (no prices for this date); remove the"
                        + " row or fill it before loading");
            }
            long t = CsvRows.time(file, r, col[0], shown[0]);
            double[] v = new double[5];
            for (int i = 0; i < 5; i++) {
                v[i] = CsvRows.number(file, r, col[i + 1], shown[i + 1]);
            }
            bars.add(Bar.of(t, v[0], v[1], v[2], v[3], v[4]));
        }
        return SeriesChecks.bars(file, name, bars, lines);
    }

    private static PriceSeries binance(Path file, String name, List<Row> rows) {
        int start = CsvRows.isNumber(rows.get(0).get(0)) ? 0 : 1; // an optional header line
        long[] lines = dataLines(file, rows, start);
        List<Bar> bars = new ArrayList<>();
        for (Row r : rows.subList(start, rows.size())) {
            checkWidth(file, r, BINANCE_COLUMNS.size(), "(Binance klines: " + String.join(", ", BINANCE_COLUMNS) + ")");
            long raw = CsvRows.integer(file, r, 0, BINANCE_COLUMNS.get(0));
            if (raw < 100_000_000_000L) { // seconds would silently land in 1970 if read as ms
                throw InputException.at(file, r.line(), "open time " + raw
                        + " is too small for milliseconds or microseconds since 1970");
            }
            long t = TimeParser.epochToMillis(raw);
            double[] v = new double[5];
            for (int i = 0; i < 5; i++) {
                v[i] = CsvRows.number(file, r, i + 1, BINANCE_COLUMNS.get(i + 1));
            }
            bars.add(Bar.of(t, v[0], v[1], v[2], v[3], v[4]));
        }
        return SeriesChecks.bars(file, name, bars, lines);
    }

    /** A header, a first date/time column, then one or more numeric columns. */
    private static PriceSeries numeric(Path file, String name, List<Row> rows) {
        Row header = rows.get(0);
        if (header.size() < 2 || CsvRows.isNumber(header.get(0))) {
            throw InputException.at(file, header.line(), "expected a header: a date/time column name followed by"
                    + " one or more numeric column names; found " + String.join(",", header.fields()));
        }
        if (looksLikeData(header)) {
            throw InputException.at(file, header.line(), "the first line looks like data ("
                    + String.join(",", header.fields()) + "); expected a header: a date/time column name"
                    + " followed by the numeric column names");
        }
        List<String> columns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 1; i < header.size(); i++) {
            String c = header.get(i);
            if (c.isEmpty() || !seen.add(c)) {
                throw InputException.at(file, header.line(), (c.isEmpty() ? "empty" : "duplicate")
                        + " column name '" + c + "' at column " + (i + 1) + "; column names must be unique");
            }
            columns.add(c);
        }
        long[] lines = dataLines(file, rows, 1);
        long[] times = new long[lines.length];
        double[][] values = new double[lines.length][columns.size()];
        for (int k = 0; k < lines.length; k++) {
            Row r = rows.get(k + 1);
            checkWidth(file, r, header.size(), "as in the header " + String.join(",", header.fields()));
            times[k] = CsvRows.time(file, r, 0, header.get(0));
            for (int c = 0; c < columns.size(); c++) {
                values[k][c] = CsvRows.number(file, r, c + 1, columns.get(c));
            }
            if (k > 0) {
                SeriesChecks.checkOrder(file, times, lines, k);
            }
        }
        return PriceSeries.ofColumns(name, file.toString(), times, columns, values);
    }

    /** Trades timestamp,price,amount (Unix seconds) aggregated into 1-minute bars. */
    private static PriceSeries trades(Path file, String name, List<Row> rows) {
        return TradeAggregator.toSeries(name, file.toString(), readTrades(file, rows), TradeAggregator.MINUTE);
    }

    /** Reads trade rows (after the header); checks prices > 0 and amounts >= 0, not the order. */
    static List<TradeAggregator.Trade> readTrades(Path file, List<Row> rows) {
        Map<String, Integer> at = headerIndex(file, rows.get(0), TRADES_HEADER);
        int ti = at.get("timestamp");
        int pi = at.get("price");
        int ai = at.get("amount");
        dataLines(file, rows, 1);
        List<TradeAggregator.Trade> trades = new ArrayList<>(rows.size());
        for (Row r : rows.subList(1, rows.size())) {
            checkWidth(file, r, TRADES_HEADER.size(), "as in the header " + String.join(",", TRADES_HEADER));
            long t = CsvRows.integer(file, r, ti, "timestamp");
            double p = CsvRows.number(file, r, pi, "price");
            double a = CsvRows.number(file, r, ai, "amount");
            if (p <= 0) {
                throw InputException.at(file, r.line(), "non-positive price " + p + "; prices must be > 0");
            }
            if (a < 0) {
                throw InputException.at(file, r.line(), "negative amount " + a + "; expected amount >= 0");
            }
            trades.add(new TradeAggregator.Trade(t * 1000, p, a));
        }
        return trades;
    }

    /** Maps lower-case expected names to column indexes; the header must hold exactly those names. */
    private static Map<String, Integer> headerIndex(Path file, Row header, List<String> expected) {
        Map<String, Integer> at = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        Set<String> wanted = new LinkedHashSet<>();
        expected.forEach(e -> wanted.add(e.toLowerCase(Locale.ROOT)));
        for (int i = 0; i < header.size(); i++) {
            String n = header.get(i).toLowerCase(Locale.ROOT);
            if (wanted.contains(n) && !at.containsKey(n)) {
                at.put(n, i);
            } else {
                unexpected.add(header.get(i));
            }
        }
        List<String> missing = expected.stream().filter(e -> !at.containsKey(e.toLowerCase(Locale.ROOT))).toList();
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw InputException.at(file, header.line(), "wrong columns: expected header "
                    + String.join(",", expected) + "; found " + String.join(",", header.fields())
                    + (missing.isEmpty() ? "" : "; missing " + String.join(", ", missing))
                    + (unexpected.isEmpty() ? "" : "; unexpected " + String.join(", ", unexpected)));
        }
        return at;
    }

    private static void checkWidth(Path file, Row r, int width, String what) {
        if (r.size() != width) {
            throw InputException.at(file, r.line(), "expected " + width + " columns " + what + ", found " + r.size());
        }
    }

    /** The line numbers of the data rows; a file with a header and no rows is an error. */
    private static long[] dataLines(Path file, List<Row> rows, int start) {
        if (rows.size() <= start) {
            throw InputException.in(file, "no data rows after the header (line " + rows.get(0).line() + ")");
        }
        long[] lines = new long[rows.size() - start];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = rows.get(start + i).line();
        }
        return lines;
    }

    /** A time followed by numbers only: a data row where a header should be. */
    private static boolean looksLikeData(Row r) {
        try {
            TimeParser.toMillis(r.get(0));
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (int i = 1; i < r.size(); i++) {
            if (!CsvRows.isNumber(r.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isYahooNull(Row r) {
        for (String f : r.fields()) {
            if (f.equalsIgnoreCase("null")) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> normalized(Row r) {
        Set<String> s = new LinkedHashSet<>();
        for (String f : r.fields()) {
            s.add(f.toLowerCase(Locale.ROOT));
        }
        return s;
    }

    private static boolean looksLikeJson(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            do {
                c = r.read();
            } while (c == '\uFEFF' || (c >= 0 && Character.isWhitespace(c)));
            return c == '{';
        } catch (NoSuchFileException e) {
            throw InputException.in(file, "no such file");
        } catch (IOException e) {
            return false; // CsvRows.read reports the problem with its own message
        }
    }

    static String baseName(Path file) {
        String n = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
