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

    /** The one line {@code gqa suite run} prints on stdout; results and report are where the store put them (a path, or a URI). */
    public record Outcome(int jobsTotal, int jobsRun, int jobsCached, String results, String report) {
        public String jsonLine() {
            return ConfigJson.MAPPER.createObjectNode().put("jobs_total", jobsTotal).put("jobs_run", jobsRun)
                    .put("jobs_cached", jobsCached).put("results", results).put("report", report).toString();
        }
    }

    private SuiteRun() {}

    public static Outcome run(Path suiteFile, Path out, Consumer<String> progress) {
        SuiteSpec suite = SuiteFile.read(suiteFile);
        return run(suite, suiteFile.toAbsolutePath().getParent(), out, progress);
    }

    /** The suite on this machine: results in a local directory, one job at a time. */
    public static Outcome run(SuiteSpec suite, Path base, Path out, Consumer<String> progress) {
        return run(suite, base, new ResultCache(out), out.toString(), new LocalRunner(), progress);
    }

    /** The suite on any runner: its results in {@code store} (named {@code where} in the progress line), its waves run by {@code executor}. */
    public static Outcome run(SuiteSpec suite, Path base, ResultStore store, String where, JobExecutor executor, Consumer<String> progress) {
        SuitePlanner plan = SuitePlanner.plan(suite, base, BuildInfo.codeVersion());
        progress.accept("suite " + suite.name() + ": " + plan.graph().size() + " jobs (" + suite.tasks().size() + " tasks x "
                + suite.models().size() + " models x " + suite.seeds().size() + " seeds, with the jobs they depend on); results in " + where);
        GraphRunner.Summary s = new GraphRunner(store, executor, progress).run(plan.graph());
        String results = store.writeFile(RESULTS, results(suite, plan, store).toPrettyString() + "\n");
        String index = store.writeFile(INDEX, Index.html(suite, plan, store));
        return new Outcome(s.total(), s.run(), s.cached(), results, index);
    }

    private static ObjectNode results(SuiteSpec suite, SuitePlanner plan, ResultStore cache) {
        ObjectNode root = ConfigJson.MAPPER.createObjectNode();
        root.put("suite", suite.name());
        root.put("code_version", BuildInfo.codeVersion());
        ArrayNode tasks = root.putArray("tasks");
        for (SuitePlanner.TaskPlan t : plan.tasks()) {
            String reportKey = plan.graph().get(t.reportJob()).key();
            Path reportDir = cache.local(reportKey).resolve(JobKinds.REPORT_DIR);
            String reportAt = cache.location(reportKey) + "/" + JobKinds.REPORT_DIR + "/";
            ObjectNode tn = tasks.addObject();
            tn.put("task", t.task());
            tn.put("fold", t.fold() + 1);
            tn.put("folds", t.folds());
            tn.put("report", reportAt + ReportWriter.HTML);
            tn.put("report_json", reportAt + ReportWriter.JSON);
            ArrayNode scores = tn.putArray("scores");
            Map<String, List<Double>> byModel = new LinkedHashMap<>();
            for (SuitePlanner.ScoredModel m : t.models()) {
                String scoreKey = plan.graph().get(m.scoreJob()).key();
                ModelScore s = JobKinds.read(cache.local(scoreKey).resolve(JobKinds.SCORE_FILE), ModelScore.class);
                ObjectNode sn = scores.addObject();
                sn.put("model", m.model());
                sn.put("seed", m.seed());
                sn.put("score", cache.location(scoreKey) + "/" + JobKinds.SCORE_FILE);
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
                .put("dir", cache.location(j.key()));
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
