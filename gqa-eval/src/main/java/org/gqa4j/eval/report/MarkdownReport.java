package org.gqa4j.eval.report;

import java.util.List;

/** report.md: the same tables as the HTML, readable as plain text and on a code host. */
final class MarkdownReport {

    private MarkdownReport() {}

    static String render(Report r) {
        StringBuilder s = new StringBuilder("# gqa4j evaluation report\n\n");
        s.append(md(datasetLine(r))).append("\n\n");
        for (ReportTables.Table t : ReportTables.all(r)) {
            s.append("## ").append(md(t.title())).append("\n\n");
            if (!t.intro().isEmpty()) s.append(md(t.intro())).append("\n\n");
            if (t.rows().isEmpty()) {
                s.append("_none_\n\n");
                continue;
            }
            row(s, t.headers());
            s.append("|").append("---|".repeat(t.headers().size())).append("\n");
            for (List<String> row : t.rows()) row(s, row);
            s.append("\n");
            if (!t.note().isEmpty()) s.append(md(t.note())).append("\n\n");
        }
        return s.toString();
    }

    static String datasetLine(Report r) {
        Report.Dataset d = r.dataset();
        if (d == null) return "";
        StringBuilder s = new StringBuilder("Dataset ").append(ReportTables.nz(d.name()));
        if (d.fingerprint() != null) s.append(" (sha256 ").append(abbrev(d.fingerprint())).append(")");
        s.append(", test split: ").append(d.testPositions()).append(" positions");
        if (d.span() != null) s.append(", ").append(ReportTables.nz(d.span().start())).append(" to ").append(ReportTables.nz(d.span().end()));
        if (d.outputs() != null && !d.outputs().isEmpty()) s.append("; outputs ").append(String.join(", ", d.outputs()));
        return s.append(".").toString();
    }

    private static String abbrev(String hash) {
        return hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
    }

    private static void row(StringBuilder s, List<String> cells) {
        s.append("|");
        for (String c : cells) s.append(" ").append(md(c)).append(" |");
        s.append("\n");
    }

    /** Keeps user text (model names, paths) from breaking the table or turning into markup. */
    static String md(String t) {
        if (t == null) return "";
        StringBuilder b = new StringBuilder();
        for (char c : t.replace('\n', ' ').replace('\r', ' ').toCharArray()) {
            if ("|\\`<".indexOf(c) >= 0) b.append('\\');
            b.append(c);
        }
        return b.toString();
    }
}
