package org.gqa4j.suite.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.gqa4j.core.BuildInfo;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportJson;
import org.gqa4j.eval.report.ReportWriter;
import org.gqa4j.eval.suite.ModelScore;
import org.gqa4j.suite.file.SuiteFile;
import org.gqa4j.suite.file.SuiteSpec;

/**
 * {@code gqa suite run}: plan the suite's job graph, run what is not cached, and write
 * {@code OUT/results.json} (every task's report and scores, per model the headline over seeds)
 * and {@code OUT/index.html} (the headlines, a link per task report).
 */
public final class SuiteRun {

    public static final String RESULTS = "results.json", INDEX = "index.html";

    /** The one line {@code gqa suite run} prints on stdout. */
    public record Outcome(int jobsTotal, int jobsRun, int jobsCached, Path results, Path report) {
        public String jsonLine() {
            return ConfigJson.MAPPER.createObjectNode().put("jobs_total", jobsTotal).put("jobs_run", jobsRun)
                    .put("jobs_cached", jobsCached).put("results", results.toString()).put("report", report.toString()).toString();
        }
    }

    private SuiteRun() {}

    public static Outcome run(Path suiteFile, Path out, Consumer<String> progress) {
        SuiteSpec suite = SuiteFile.read(suiteFile);
        return run(suite, suiteFile.toAbsolutePath().getParent(), out, progress);
    }

    public static Outcome run(SuiteSpec suite, Path base, Path out, Consumer<String> progress) {
        SuitePlanner plan = SuitePlanner.plan(suite, base, BuildInfo.codeVersion());
        progress.accept("suite " + suite.name() + ": " + plan.graph().size() + " jobs (" + suite.tasks().size() + " tasks x "
                + suite.models().size() + " models x " + suite.seeds().size() + " seeds, with the jobs they depend on); results in " + out);
        ResultCache cache = new ResultCache(out);
        LocalRunner.Summary s = new LocalRunner(cache, progress).run(plan.graph());
        Path results = out.resolve(RESULTS), index = out.resolve(INDEX);
        write(results, results(suite, plan, cache).toPrettyString() + "\n");
        write(index, Index.html(suite, plan, cache));
        return new Outcome(s.total(), s.run(), s.cached(), results.toAbsolutePath(), index.toAbsolutePath());
    }

    private static ObjectNode results(SuiteSpec suite, SuitePlanner plan, ResultCache cache) {
        ObjectNode root = ConfigJson.MAPPER.createObjectNode();
        root.put("suite", suite.name());
        root.put("code_version", BuildInfo.codeVersion());
        ArrayNode tasks = root.putArray("tasks");
        for (SuitePlanner.TaskPlan t : plan.tasks()) {
            Path reportDir = cache.dir(plan.graph().get(t.reportJob()).key()).resolve(JobKinds.REPORT_DIR);
            ObjectNode tn = tasks.addObject();
            tn.put("task", t.task());
            tn.put("fold", t.fold() + 1);
            tn.put("folds", t.folds());
            tn.put("report", reportDir.resolve(ReportWriter.HTML).toString());
            tn.put("report_json", reportDir.resolve(ReportWriter.JSON).toString());
            ArrayNode scores = tn.putArray("scores");
            Map<String, List<Double>> byModel = new LinkedHashMap<>();
            for (SuitePlanner.ScoredModel m : t.models()) {
                Path dir = cache.dir(plan.graph().get(m.scoreJob()).key());
                ModelScore s = JobKinds.read(dir.resolve(JobKinds.SCORE_FILE), ModelScore.class);
                ObjectNode sn = scores.addObject();
                sn.put("model", m.model());
                sn.put("seed", m.seed());
                sn.put("score", dir.resolve(JobKinds.SCORE_FILE).toString());
                sn.put("sha256", s.model().sha256());
                sn.set("headline", ReportJson.MAPPER.valueToTree(s.model().headline()));
                byModel.computeIfAbsent(m.model(), k -> new java.util.ArrayList<>()).add(s.model().headline().value());
            }
            ObjectNode over = tn.putObject("over_seeds");
            byModel.forEach((name, v) -> {
                var p = org.gqa4j.eval.report.Sweeps.Point.of(name, 0, v.stream().mapToDouble(Double::doubleValue).toArray());
                over.putObject(name).put("n", p.n()).put("mean", p.mean()).put("std", Double.isNaN(p.std()) ? null : p.std())
                        .put("min", p.min()).put("max", p.max());
            });
            Report r = ReportJson.read(reportDir.resolve(ReportWriter.JSON));
            ArrayNode h = tn.putArray("headlines");
            for (Report.Headline x : r.headlines()) h.add(x.text());
        }
        ArrayNode jobs = root.putArray("jobs");
        for (Job j : plan.graph().jobs()) jobs.addObject().put("id", j.id()).put("kind", j.kind()).put("key", j.key())
                .put("dir", cache.dir(j.key()).toString());
        return root;
    }

    static void write(Path target, String content) {
        try {
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
        }
    }
}
