package org.gqa4j.eval.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Writes report.json, report.md and report.html, and renders the console comparison table. */
public final class ReportWriter {

    public static final String JSON = "report.json", MARKDOWN = "report.md", HTML = "report.html";

    private ReportWriter() {}

    /**
     * Validates the report, renders all three files in memory, then writes each under a
     * temporary name and renames it into place, so a reader never sees a half-written file.
     */
    public static void write(Path dir, Report r) throws IOException {
        r.validate();
        String json = ReportJson.toJson(r) + "\n", md = MarkdownReport.render(r), html = HtmlReport.render(r);
        Files.createDirectories(dir);
        replace(dir.resolve(JSON), json);
        replace(dir.resolve(MARKDOWN), md);
        replace(dir.resolve(HTML), html);
    }

    /** The comparison table for a terminal: ASCII, aligned columns, one row per model. */
    public static String table(Report r) {
        ReportTables.Table t = ReportTables.summary(r, true);
        List<String> headers = t.headers();
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) w[i] = headers.get(i).length();
        for (List<String> row : t.rows()) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], row.get(i).length());
        StringBuilder s = new StringBuilder();
        line(s, headers, w);
        int total = 0;
        for (int x : w) total += x + 2;
        s.append("-".repeat(Math.max(0, total - 2))).append('\n');
        for (List<String> row : t.rows()) line(s, row, w);
        return s.append(t.note()).append('\n').toString();
    }

    private static void line(StringBuilder s, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(w[i] - c.length());
            s.append(i == 0 ? c + pad : pad + c);
            if (i < cells.size() - 1) s.append("  ");
        }
        s.append('\n');
    }

    private static void replace(Path target, String content) throws IOException {
        // not Files.createTempFile: its files are private (0600); a report is created like any file (umask)
        Path tmp = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".tmp-" + System.nanoTime());
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
