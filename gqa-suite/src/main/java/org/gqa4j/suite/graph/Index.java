package org.gqa4j.suite.graph;

import java.nio.file.Path;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportJson;
import org.gqa4j.eval.report.ReportWriter;
import org.gqa4j.suite.file.SuiteSpec;

/** OUT/index.html: every task's headlines at a glance and a link to its full report. */
final class Index {

    private Index() {}

    static String html(SuiteSpec suite, SuitePlanner plan, ResultStore cache) {
        StringBuilder s = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(esc(suite.name())).append("</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                        + "li{margin:.3em 0}</style></head><body><h1>Suite ").append(esc(suite.name())).append("</h1>");
        if (suite.description() != null) s.append("<p>").append(esc(suite.description())).append("</p>");
        for (SuitePlanner.TaskPlan t : plan.tasks()) {
            String key = plan.graph().get(t.reportJob()).key();
            Report r = ReportJson.read(cache.local(key).resolve(JobKinds.REPORT_DIR).resolve(ReportWriter.JSON));
            String html = cache.location(key) + "/" + JobKinds.REPORT_DIR + "/" + ReportWriter.HTML;
            String title = t.folds() == 1 ? t.task() : t.task() + " (fold " + (t.fold() + 1) + " of " + t.folds() + ")";
            s.append("<h2><a href=\"").append(esc(link(html))).append("\">")
                    .append(esc(title)).append("</a></h2><ul>");
            for (Report.Headline h : r.headlines()) s.append("<li>").append(esc(h.text())).append("</li>");
            s.append("</ul>");
        }
        return s.append("</body></html>\n").toString();
    }

    /** A local path as a file: URI; a URI (hdfs://...) as it is. */
    private static String link(String location) {
        return location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") ? location : Path.of(location).toAbsolutePath().toUri().toString();
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
