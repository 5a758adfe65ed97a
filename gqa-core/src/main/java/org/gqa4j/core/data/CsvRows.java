package org.gqa4j.core.data;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gqa4j.core.Excerpt;
import org.gqa4j.core.InputException;

/**
 * The non-blank rows of a CSV file with their 1-based file line numbers, and strict field
 * parsing whose errors name file, line and column. The separator ({@code ,} {@code ;} or tab)
 * is detected from the first line. Work is bounded: a line longer than {@value #MAX_LINE_CHARS}
 * or a field longer than {@value #MAX_FIELD_CHARS} characters is an error, and numbers are
 * scanned in one pass (no regular expression that could backtrack).
 */
final class CsvRows {

    static final int MAX_LINE_CHARS = 1 << 16;
    static final int MAX_FIELD_CHARS = 256;
    static final char[] SEPARATORS = {',', ';', '\t'};

    /** One CSV row; {@code line} is the 1-based line in the file. */
    record Row(long line, String[] fields) {
        int size() {
            return fields.length;
        }

        String get(int i) {
            return fields[i];
        }
    }

    /** The rows of a file and the separator they were split on. */
    record Table(List<Row> rows, char separator) {
        Row header() {
            return rows.get(0);
        }
    }

    private static final Pattern PARSER_LINE = Pattern.compile("\\((?:start)?line (\\d+)\\)");

    private CsvRows() {
    }

    static Table read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file);
        } catch (NoSuchFileException e) {
            throw InputException.in(file, "no such file");
        } catch (IOException | UncheckedIOException e) {
            throw InputException.in(file, "cannot read: " + Excerpt.of(e.getMessage(), 160));
        }
    }

    /** Reads all rows from {@code in}; {@code file} only names the source in errors. */
    static Table read(Reader in, Path file) throws IOException {
        BufferedReader br = new BufferedReader(new LineBound(in, file), 1 << 16);
        br.mark(MAX_LINE_CHARS + 2);
        int c = br.read();
        if (c != '\uFEFF') { // a UTF-8 byte order mark, as some spreadsheet exports write
            br.reset();
            br.mark(MAX_LINE_CHARS + 2);
        } else {
            br.mark(MAX_LINE_CHARS + 2);
        }
        char sep = detectSeparator(br);
        br.reset();
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(sep).setIgnoreEmptyLines(false).setTrim(true).get();
        List<Row> rows = new ArrayList<>();
        try (CSVParser p = format.parse(br)) {
            for (CSVRecord rec : p) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;
                }
                String[] fields = rec.values();
                for (int i = 0; i < fields.length; i++) {
                    if (fields[i].length() > MAX_FIELD_CHARS) {
                        throw InputException.at(file, rec.getRecordNumber(), "column " + (i + 1) + " holds "
                                + fields[i].length() + " characters (" + Excerpt.of(fields[i]) + "); a field is at most "
                                + MAX_FIELD_CHARS);
                    }
                }
                rows.add(new Row(rec.getRecordNumber(), fields));
            }
        } catch (UncheckedIOException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            Matcher m = PARSER_LINE.matcher(why == null ? "" : why);
            String shown = Excerpt.of(why, 160);
            throw m.find() ? InputException.at(file, Long.parseLong(m.group(1)), "malformed CSV: " + shown)
                    : InputException.in(file, "malformed CSV: " + shown);
        }
        if (rows.isEmpty()) {
            throw InputException.in(file, "empty file: expected a header line and data rows");
        }
        return new Table(rows, sep);
    }

    /** The separator of the first line: the most frequent of , ; and tab outside quotes (',' if none). */
    private static char detectSeparator(BufferedReader br) throws IOException {
        int[] counts = new int[SEPARATORS.length];
        boolean quoted = false;
        for (int c = br.read(); c >= 0 && (quoted || (c != '\n' && c != '\r')); c = br.read()) {
            if (c == '"') quoted = !quoted;
            else if (!quoted) {
                for (int k = 0; k < SEPARATORS.length; k++) {
                    if (c == SEPARATORS[k]) counts[k]++;
                }
            }
        }
        int best = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[best]) best = k;
        }
        return SEPARATORS[best];
    }

    static String separatorName(char sep) {
        return sep == '\t' ? "tab" : "'" + sep + "'";
    }

    /** A finite decimal number, or an InputException naming file, line and column. */
    static double number(Path file, Row row, int index, String column) {
        String text = row.get(index);
        if (text.isEmpty()) {
            throw InputException.at(file, row.line(), "column '" + column + "' is empty; expected a number");
        }
        if (!isDecimal(text)) {
            String hint = text.indexOf(',') >= 0 && isDecimal(text.replace(',', '.'))
                    ? " (a decimal comma? numbers need a decimal point; with ';' as separator write 1.5, not 1,5)" : "";
            throw InputException.at(file, row.line(), "column '" + column + "' has " + Excerpt.of(text)
                    + ", which is not a finite number" + hint);
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw InputException.at(file, row.line(), "column '" + column + "' has " + Excerpt.of(text) + ", out of range");
        }
        return v;
    }

    /** An integer (for epoch times), or an InputException naming file, line and column. */
    static long integer(Path file, Row row, int index, String column) {
        String text = row.get(index);
        if (!isInteger(text)) {
            throw InputException.at(file, row.line(), "column '" + column + "' has " + Excerpt.of(text)
                    + "; expected an integer time");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw InputException.at(file, row.line(), "column '" + column + "' has " + Excerpt.of(text)
                    + ", too large for a time");
        }
    }

    /** True if the text parses as a number (used to tell a header from data). */
    static boolean isNumber(String text) {
        return isDecimal(text.trim());
    }

    /**
     * {@code [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?} in one left-to-right
     * pass. Double.parseDouble alone would also take "NaN", "Infinity", hex and a trailing d/f.
     */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int intDigits = 0;
        while (i < n && isDigit(s.charAt(i))) { i++; intDigits++; }
        int fracDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) { i++; fracDigits++; }
        }
        if (intDigits == 0 && fracDigits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        return i == n;
    }

    /** An optional sign and 1 to 19 digits. */
    static boolean isInteger(String s) {
        int i = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        if (s.length() == i || s.length() - i > 19) return false;
        for (; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) return false;
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Fails on a line longer than {@link #MAX_LINE_CHARS}, before the CSV parser buffers it. */
    private static final class LineBound extends FilterReader {
        private final Path file;
        private long line = 1;
        private int length;

        LineBound(Reader in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) count((char) c);
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = 0; i < n; i++) count(buf[off + i]);
            return n;
        }

        private void count(char c) {
            if (c == '\n') {
                line++;
                length = 0;
            } else if (++length > MAX_LINE_CHARS) {
                throw InputException.at(file, line, "line longer than " + MAX_LINE_CHARS
                        + " characters; not a price file (or a damaged one)");
            }
        }
    }
}
