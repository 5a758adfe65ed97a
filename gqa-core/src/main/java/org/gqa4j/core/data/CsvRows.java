package org.gqa4j.core.data;

import java.io.BufferedReader;
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
import org.gqa4j.core.InputException;

/**
 * The non-blank rows of a CSV file with their 1-based file line numbers, and strict field
 * parsing whose errors name file, line and column.
 */
final class CsvRows {

    /** One CSV row; {@code line} is the 1-based line in the file. */
    record Row(long line, String[] fields) {
        int size() {
            return fields.length;
        }

        String get(int i) {
            return fields[i];
        }
    }

    // Blank lines are kept by the parser (so record number == line number) and dropped here.
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(false).setTrim(true).get();
    // Double.parseDouble also accepts "NaN", "Infinity", hex and a trailing 'd'/'f': refuse those.
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Pattern PARSER_LINE = Pattern.compile("\\((?:start)?line (\\d+)\\)");

    private CsvRows() {
    }

    static List<Row> read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file);
        } catch (NoSuchFileException e) {
            throw InputException.in(file, "no such file");
        } catch (IOException | UncheckedIOException e) {
            throw InputException.in(file, "cannot read: " + e.getMessage());
        }
    }

    /** Reads all rows from {@code in}; {@code file} only names the source in errors. */
    static List<Row> read(Reader in, Path file) throws IOException {
        BufferedReader br = in instanceof BufferedReader b ? b : new BufferedReader(in);
        br.mark(1);
        if (br.read() != '\uFEFF') { // a UTF-8 byte order mark, as some spreadsheet exports write
            br.reset();
        }
        List<Row> rows = new ArrayList<>();
        try (CSVParser p = FORMAT.parse(br)) {
            for (CSVRecord rec : p) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;
                }
                rows.add(new Row(rec.getRecordNumber(), rec.values()));
            }
        } catch (UncheckedIOException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            Matcher m = PARSER_LINE.matcher(why == null ? "" : why);
            throw m.find() ? InputException.at(file, Long.parseLong(m.group(1)), "malformed CSV: " + why)
                    : InputException.in(file, "malformed CSV: " + why);
        }
        if (rows.isEmpty()) {
            throw InputException.in(file, "empty file: expected a header line and data rows");
        }
        return rows;
    }

    /** A finite decimal number, or an InputException naming file, line and column. */
    static double number(Path file, Row row, int index, String column) {
        String text = row.get(index);
        if (text.isEmpty()) {
            throw InputException.at(file, row.line(), "column '" + column + "' is empty; expected a number");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw InputException.at(file, row.line(), "column '" + column + "' has '" + text
                    + "', which is not a finite number");
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw InputException.at(file, row.line(), "column '" + column + "' has '" + text + "', out of range");
        }
        return v;
    }

    /** An integer (for epoch times), or an InputException naming file, line and column. */
    static long integer(Path file, Row row, int index, String column) {
        String text = row.get(index);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw InputException.at(file, row.line(), "column '" + column + "' has '" + text
                    + "'; expected an integer time");
        }
    }

    static long time(Path file, Row row, int index, String column) {
        try {
            return TimeParser.toMillis(row.get(index));
        } catch (IllegalArgumentException e) {
            throw InputException.at(file, row.line(), "column '" + column + "': " + e.getMessage());
        }
    }

    /** True if the text parses as a number (used to tell a header from data). */
    static boolean isNumber(String text) {
        return DECIMAL.matcher(text.trim()).matches();
    }
}
