package org.gqa4j.core.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gqa4j.core.Excerpt;
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

    /** The names a time column may have (case-insensitive); the first present is used. */
    static final List<String> TIME_NAMES = List.of("timestamp", "date", "time", "open_time", "open time",
            "datetime", "date_time", "opentime");
    static final List<String> OHLCV_NAMES = List.of("open", "high", "low", "close", "volume");

    /** Loads {@code file}; AUTO detects the format from its first line. Gaps are kept and reported. */
    public static PriceSeries load(Path file, Format format) {
        return load(file, format, GapPolicy.KEEP);
    }

    /** Loads {@code file} with a gap policy; the series carries its {@link LoadInfo}. */
    public static PriceSeries load(Path file, Format format, GapPolicy policy) {
        Format f = format == null ? Format.AUTO : format;
        if (f == Format.JSON || (f == Format.AUTO && looksLikeJson(file))) {
            return JsonBars.load(file, policy);
        }
        return fromRows(file, baseName(file), CsvRows.read(file), f, policy);
    }

    /** Parses rows already read from {@code file} (which only names the source in errors). */
    static PriceSeries fromRows(Path file, String name, CsvRows.Table table, Format format, GapPolicy policy) {
        List<Row> rows = table.rows();
        List<String> notes = new ArrayList<>();
        if (table.separator() != ',') {
            notes.add("separator " + CsvRows.separatorName(table.separator()) + " detected");
        }
        Format f = format == Format.AUTO ? detect(file, table) : format;
        boolean headerless = CsvRows.isNumber(rows.get(0).get(0));
        return switch (f) {
            case YAHOO, TA4J -> ohlcv(file, name, rows, f, policy, notes);
            case BINANCE -> headerless ? binance(file, name, rows, policy, notes) : ohlcv(file, name, rows, f, policy, notes);
            case NUMERIC -> numeric(file, name, rows, policy, notes);
            case TRADES -> trades(file, name, rows, policy, notes);
            default -> throw new IllegalStateException("format " + f);
        };
    }

    /** The format a file's first row implies. */
    static Format detect(Path file, CsvRows.Table table) {
        Row first = table.header();
        if (CsvRows.isNumber(first.get(0))) {
            if (first.size() == BINANCE_COLUMNS.size()) {
                return Format.BINANCE;
            }
            throw InputException.at(file, first.line(), "cannot detect the format: no header and "
                    + first.size() + " columns separated by " + CsvRows.separatorName(table.separator())
                    + "; expected a header line (Yahoo " + String.join(",", YAHOO_HEADER)
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
            return names.contains("close_time") || names.contains("close time") ? Format.BINANCE : Format.TA4J;
        }
        if (first.size() == 1) {
            throw InputException.at(file, first.line(), "one column only (" + Excerpt.of(first.get(0))
                    + "): the separator is none of , ; or tab; expected a CSV file");
        }
        return Format.NUMERIC;
    }

    /**
     * A header naming the columns (any order, any case): a time column ({@link #TIME_NAMES}) and
     * open, high, low, close, volume; other columns (Yahoo's Adj Close, Binance's close_time...)
     * are ignored with a note. Times are date/time strings or integer epochs in any unit.
     */
    private static PriceSeries ohlcv(Path file, String name, List<Row> rows, Format format, GapPolicy policy,
                                     List<String> notes) {
        Row header = rows.get(0);
        if (CsvRows.isNumber(header.get(0))) {
            throw InputException.at(file, header.line(), "expected a header line naming the columns (a time column, "
                    + String.join(", ", OHLCV_NAMES) + "); found data");
        }
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String n = header.get(i).trim().toLowerCase(Locale.ROOT);
            if (at.containsKey(n) && (TIME_NAMES.contains(n) || OHLCV_NAMES.contains(n))) {
                throw InputException.at(file, header.line(), "column " + Excerpt.of(header.get(i)) + " appears twice");
            }
            at.putIfAbsent(n, i);
        }
        String timeName = TIME_NAMES.stream().filter(at::containsKey).findFirst().orElseThrow(() ->
                InputException.at(file, header.line(), "no time column: expected one named "
                        + String.join(", ", TIME_NAMES) + " (any case); found " + headerText(header)));
        List<String> missing = OHLCV_NAMES.stream().filter(n -> !at.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw InputException.at(file, header.line(), "wrong columns: missing " + String.join(", ", missing)
                    + "; expected a time column and " + String.join(", ", OHLCV_NAMES) + " (any order, any case); found "
                    + headerText(header));
        }
        int[] col = new int[6];
        col[0] = at.get(timeName);
        for (int i = 0; i < 5; i++) col[i + 1] = at.get(OHLCV_NAMES.get(i));
        List<String> ignored = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (int c : col) used.add(c);
        for (int i = 0; i < header.size(); i++) {
            if (!used.contains(i)) ignored.add(Excerpt.of(header.get(i)));
        }
        if (!ignored.isEmpty()) {
            notes.add("ignored column" + (ignored.size() == 1 ? " " : "s ")
                    + String.join(", ", ignored.subList(0, Math.min(ignored.size(), 12)))
                    + (ignored.size() > 12 ? " and " + (ignored.size() - 12) + " more" : "")
                    + " (used: " + header.get(col[0]) + ", " + String.join(", ", OHLCV_NAMES) + ")");
        }
        TimeColumn time = new TimeColumn(file, col[0], header.get(col[0]));
        List<Bar> bars = new ArrayList<>();
        long[] lines = dataLines(file, rows, 1);
        for (Row r : rows.subList(1, rows.size())) {
            checkWidth(file, r, header.size(), "as in the header");
            if (isYahooNull(r)) {
                throw InputException.at(file, r.line(), "'null' field (Yahoo writes it for dates without prices);"
                        + " remove the row or fill it before loading");
            }
            long t = time.millis(r);
            double[] v = new double[5];
            for (int i = 0; i < 5; i++) {
                v[i] = CsvRows.number(file, r, col[i + 1], header.get(col[i + 1]));
            }
            bars.add(Bar.of(t, v[0], v[1], v[2], v[3], v[4]));
        }
        if (time.unit() != null) notes.add("epoch times in " + time.unit().symbol);
        return SeriesChecks.finishBars(file, name, format.name().toLowerCase(Locale.ROOT), bars, lines, policy, notes);
    }

    /** Headerless Binance klines: 12 columns, the open time an integer epoch (unit by magnitude). */
    private static PriceSeries binance(Path file, String name, List<Row> rows, GapPolicy policy, List<String> notes) {
        long[] lines = dataLines(file, rows, 0);
        TimeColumn time = new TimeColumn(file, 0, BINANCE_COLUMNS.get(0));
        List<Bar> bars = new ArrayList<>();
        for (Row r : rows) {
            checkWidth(file, r, BINANCE_COLUMNS.size(), "(Binance klines: " + String.join(", ", BINANCE_COLUMNS) + ")");
            long t = time.epoch(r, CsvRows.integer(file, r, 0, BINANCE_COLUMNS.get(0)));
            double[] v = new double[5];
            for (int i = 0; i < 5; i++) {
                v[i] = CsvRows.number(file, r, i + 1, BINANCE_COLUMNS.get(i + 1));
            }
            bars.add(Bar.of(t, v[0], v[1], v[2], v[3], v[4]));
        }
        notes.add("Binance klines without a header; open times in " + time.unit().symbol);
        return SeriesChecks.finishBars(file, name, "binance", bars, lines, policy, notes);
    }

    /** A header, a first date/time column, then one or more numeric columns. */
    private static PriceSeries numeric(Path file, String name, List<Row> rows, GapPolicy policy, List<String> notes) {
        Row header = rows.get(0);
        if (header.size() < 2 || CsvRows.isNumber(header.get(0))) {
            throw InputException.at(file, header.line(), "expected a header: a date/time column name followed by"
                    + " one or more numeric column names; found " + headerText(header));
        }
        if (looksLikeData(header)) {
            throw InputException.at(file, header.line(), "the first line looks like data ("
                    + headerText(header) + "); expected a header: a date/time column name"
                    + " followed by the numeric column names");
        }
        List<String> columns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 1; i < header.size(); i++) {
            String c = header.get(i);
            if (c.isEmpty() || !seen.add(c)) {
                throw InputException.at(file, header.line(), (c.isEmpty() ? "empty" : "duplicate")
                        + " column name " + Excerpt.of(c) + " at column " + (i + 1) + "; column names must be unique");
            }
            columns.add(c);
        }
        long[] lines = dataLines(file, rows, 1);
        long[] times = new long[lines.length];
        double[][] values = new double[lines.length][columns.size()];
        TimeColumn time = new TimeColumn(file, 0, header.get(0));
        for (int k = 0; k < lines.length; k++) {
            Row r = rows.get(k + 1);
            checkWidth(file, r, header.size(), "as in the header");
            times[k] = time.millis(r);
            for (int c = 0; c < columns.size(); c++) {
                values[k][c] = CsvRows.number(file, r, c + 1, columns.get(c));
            }
        }
        if (time.unit() != null) notes.add("epoch times in " + time.unit().symbol);
        return SeriesChecks.finishColumns(file, name, times, lines, columns, values, policy, notes);
    }

    /** Trades timestamp,price,amount (epoch in any unit, or date/time strings) aggregated into 1-minute bars. */
    private static PriceSeries trades(Path file, String name, List<Row> rows, GapPolicy policy, List<String> notes) {
        List<TradeAggregator.Trade> trades = readTrades(file, rows, notes);
        int outOfOrder = TradeAggregator.outOfOrder(trades);
        if (outOfOrder > 0) notes.add(outOfOrder + " trades earlier than the trade before them: sorted by time (stable)");
        List<Bar> bars = TradeAggregator.aggregate(trades, TradeAggregator.MINUTE, file, policy);
        PriceSeries s = PriceSeries.ofBars(name, file.toString(), bars);
        int filled = s.filledCount();
        Gaps.Report gaps = Gaps.analyze(tradedTimes(bars));
        notes.add(trades.size() + " trades in " + bars.size() + " 1-minute bars"
                + (filled == 0 ? "" : "; " + filled + " minutes without a trade filled at the previous close"
                + " with zero volume (flagged), the longest silence " + gaps.largestBars() + " minutes"));
        return s.withLoadInfo(new LoadInfo("trades", false, TradeAggregator.MINUTE, gaps.count(), gaps.largestBars(),
                filled, false, notes));
    }

    private static long[] tradedTimes(List<Bar> bars) {
        return bars.stream().filter(b -> !b.filled()).mapToLong(Bar::timeMillis).toArray();
    }

    static List<TradeAggregator.Trade> readTrades(Path file, List<Row> rows) {
        return readTrades(file, rows, new ArrayList<>());
    }

    /** Reads trade rows (after the header); checks prices > 0 and amounts >= 0, not the order. */
    static List<TradeAggregator.Trade> readTrades(Path file, List<Row> rows, List<String> notes) {
        Map<String, Integer> at = headerIndex(file, rows.get(0), TRADES_HEADER);
        int ti = at.get("timestamp");
        int pi = at.get("price");
        int ai = at.get("amount");
        dataLines(file, rows, 1);
        TimeColumn time = new TimeColumn(file, ti, "timestamp");
        List<TradeAggregator.Trade> trades = new ArrayList<>(rows.size());
        for (Row r : rows.subList(1, rows.size())) {
            checkWidth(file, r, TRADES_HEADER.size(), "as in the header " + String.join(",", TRADES_HEADER));
            long t = time.millis(r);
            double p = CsvRows.number(file, r, pi, "price");
            double a = CsvRows.number(file, r, ai, "amount");
            if (p <= 0) {
                throw InputException.at(file, r.line(), "non-positive price " + p + "; prices must be > 0");
            }
            if (a < 0) {
                throw InputException.at(file, r.line(), "negative amount " + a + "; expected amount >= 0");
            }
            trades.add(new TradeAggregator.Trade(t, p, a, r.line()));
        }
        if (time.unit() != null) notes.add("trade times in " + time.unit().symbol + " since 1970");
        return trades;
    }

    private static String headerText(Row header) {
        return Excerpt.of(String.join(",", header.fields()), 200);
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
                    + String.join(",", expected) + "; found " + headerText(header)
                    + (missing.isEmpty() ? "" : "; missing " + String.join(", ", missing))
                    + (unexpected.isEmpty() ? "" : "; unexpected " + Excerpt.of(String.join(", ", unexpected), 120)));
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
