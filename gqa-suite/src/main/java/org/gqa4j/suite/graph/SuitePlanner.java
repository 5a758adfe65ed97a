package org.gqa4j.suite.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.layout.CheckpointImport;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.suite.file.ModelSpec;
import org.gqa4j.suite.file.ParentSpec;
import org.gqa4j.suite.file.SuiteSpec;
import org.gqa4j.suite.file.TaskSpec;

/**
 * Turns a suite into its job graph: per task (and walk-forward fold), per model and seed, the
 * job that builds the model (train, convert, continue, import; none for a given checkpoint) and the job
 * that scores it; per task and fold one report job over all its scores. Data are loaded here
 * once to fingerprint them, so an edited data file changes every key that depends on it.
 */
public final class SuitePlanner {

    /** One task's report job and the models it covers, for the results file. */
    public record TaskPlan(String task, int fold, int folds, String reportJob, List<ScoredModel> models) {}

    public record ScoredModel(String model, long seed, String scoreJob) {}

    private final SuiteSpec suite;
    private final Path base;
    private final JobGraph graph;
    private final List<TaskPlan> plans = new ArrayList<>();

    private SuitePlanner(SuiteSpec suite, Path base, String codeVersion) {
        this.suite = suite;
        this.base = base;
        this.graph = new JobGraph(codeVersion);
    }

    /** @param base the suite file's directory (relative data and checkpoint paths start there) */
    public static SuitePlanner plan(SuiteSpec suite, Path base, String codeVersion) {
        SuitePlanner p = new SuitePlanner(suite, base, codeVersion);
        for (TaskSpec t : suite.tasks()) p.task(t);
        return p;
    }

    public JobGraph graph() {
        return graph;
    }

    public List<TaskPlan> tasks() {
        return plans;
    }

    private void task(TaskSpec t) {
        String data = dataSource(t);
        PriceSeries series = JobKinds.series(data, t.format());
        List<SplitSpec> folds = DataPrep.folds(series, t.split(), t.horizon());
        for (int f = 0; f < folds.size(); f++) {
            String where = folds.size() == 1 ? t.name() : t.name() + "/fold" + (f + 1);
            ObjectNode taskIn = ConfigJson.MAPPER.createObjectNode();
            taskIn.put("data", data);
            taskIn.put("format", t.format());
            taskIn.put("data_fingerprint", series.fingerprint());
            taskIn.set("targets", ConfigJson.MAPPER.valueToTree(t.targets()));
            taskIn.put("context", t.context());
            taskIn.put("horizon", t.horizon());
            taskIn.set("split", ConfigJson.MAPPER.valueToTree(folds.get(f)));
            ObjectNode options = options(t);
            List<ScoredModel> scored = new ArrayList<>();
            List<Job.Dep> scoreDeps = new ArrayList<>();
            for (ModelSpec m : suite.models()) {
                for (long seed : m.seeds() != null ? m.seeds() : suite.seeds()) {
                    Job model = modelJob(m, seed, where, taskIn);
                    ObjectNode in = ConfigJson.MAPPER.createObjectNode();
                    in.put("name", m.name() + "/s" + seed);
                    in.put("data", data);
                    in.put("format", t.format());
                    in.put("data_fingerprint", series.fingerprint());
                    // a sweep point needs its quality only: no heap measurement
                    in.set("options", m.sweepOnly() ? options.deepCopy().put("memory_samples", 0) : options);
                    List<Job.Dep> deps = new ArrayList<>();
                    if (model == null) {
                        Path ckpt = resolve(m.path());
                        in.put("checkpoint", ckpt.toString());
                        in.put("checkpoint_sha256", CheckpointIO.hash(ckpt));
                    } else {
                        deps.add(new Job.Dep("model", model.id()));
                    }
                    if (m.kind().equals(ModelSpec.SCRATCH) && hasParentModel()) {
                        deps.add(new Job.Dep("reference", modelJob(parentModel(), seed, where, taskIn).id()));
                    }
                    Job score = graph.add("score " + where + " " + m.name() + " s" + seed, JobKinds.SCORE, in, deps);
                    scored.add(new ScoredModel(m.name(), seed, score.id()));
                    scoreDeps.add(new Job.Dep(m.sweepOnly() ? "sweep" : "score", score.id()));
                }
            }
            ObjectNode rin = ConfigJson.MAPPER.createObjectNode();
            rin.set("options", options);
            rin.put("split", ConfigJson.MAPPER.valueToTree(folds.get(f)).toString());
            Job report = graph.add("report " + where, JobKinds.REPORT, rin, scoreDeps);
            plans.add(new TaskPlan(t.name(), f, folds.size(), report.id(), scored));
        }
    }

    /** The job that builds model {@code m} for one seed, with its own dependencies added first; null for a given checkpoint. */
    private Job modelJob(ModelSpec m, long seed, String where, ObjectNode task) {
        ParentSpec p = suite.parent();
        switch (m.kind()) {
            case ModelSpec.PARENT, ModelSpec.SCRATCH -> {
                ObjectNode in = task.deepCopy();
                ObjectNode a = in.putObject("architecture");
                a.put("layers", p.layers());
                a.put("d_model", p.dModel());
                a.put("heads", p.heads());
                a.put("kv_heads", m.kind().equals(ModelSpec.PARENT) ? p.heads() : m.kvHeads());
                a.put("ffn", p.ffn());
                a.put("dropout", p.dropout());
                ObjectNode r = in.putObject("recipe");
                r.put("steps", p.steps());
                r.put("batch", p.batch());
                r.put("lr", p.lr());
                if (p.evalEvery() != null) r.put("eval_every", p.evalEvery());
                if (p.patience() != null) r.put("patience", p.patience());
                in.put("seed", seed);
                return graph.add("train " + where + " " + m.name() + " s" + seed, JobKinds.TRAIN, in, List.of());
            }
            case ModelSpec.CONVERT, ModelSpec.CONTINUED -> {
                ModelSpec src = suite.source(m);
                long parentSeed = m.parentSeed() != null ? m.parentSeed() : seed;
                Job parent = modelJob(src, parentSeed, where, task);
                if (parent == null) throw new InputException("models." + m.name() + ": converting a given checkpoint needs from: pointing to it; "
                        + "use kind convert with from: NAME of a checkpoint model");
                ObjectNode in = ConfigJson.MAPPER.createObjectNode();
                in.put("data", task.get("data").asText());
                in.put("format", task.get("format").asText());
                in.put("data_fingerprint", task.get("data_fingerprint").asText());
                in.put("alpha", m.alpha());
                in.put("seed", seed);
                String kind = JobKinds.CONTINUE;
                if (m.kind().equals(ModelSpec.CONVERT)) {
                    in.put("kv_heads", m.kvHeads());
                    in.put("method", m.method());
                    kind = JobKinds.CONVERT;
                }
                return graph.add(kind + " " + where + " " + m.name() + " s" + seed, kind, in, List.of(new Job.Dep("parent", parent.id())));
            }
            case ModelSpec.IMPORT -> {
                // one import per task and fold: the seeds share it (importing involves no randomness)
                Path dir = resolve(m.path());
                ObjectNode in = task.deepCopy();
                in.remove(List.of("context", "horizon"));
                in.put("path", dir.toString());
                in.put("source_sha256", CheckpointImport.sourceHash(dir));
                in.put("layout", m.layout());
                return graph.add("import " + where + " " + m.name(), JobKinds.IMPORT, in, List.of());
            }
            default -> {
                return null;
            }
        }
    }

    private ObjectNode options(TaskSpec t) {
        ObjectNode o = ConfigJson.MAPPER.createObjectNode();
        o.put("task", t.name());
        o.put("instruments", suite.evaluation().instruments());
        o.put("cost_bps", t.costBps());
        o.put("latency", suite.evaluation().latency());
        o.put("seed_reference", suite.evaluation().seedReference());
        o.put("memory_samples", suite.evaluation().memorySamples());
        o.put("decisions", suite.evaluation().decisions());
        if (t.headline() != null) o.put("headline", t.headline());
        o.put("metric", t.metric());
        o.put("season", t.season());
        return o;
    }

    private boolean hasParentModel() {
        return suite.models().stream().anyMatch(x -> x.kind().equals(ModelSpec.PARENT));
    }

    private ModelSpec parentModel() {
        return suite.models().stream().filter(x -> x.kind().equals(ModelSpec.PARENT)).findFirst().orElseThrow();
    }

    private String dataSource(TaskSpec t) {
        if (Datasets.isBuiltIn(t.data())) return t.data();
        Path p = resolve(t.data());
        if (!Files.exists(p)) throw new InputException("tasks." + t.name() + ".data: '" + t.data() + "' is neither a built-in dataset ("
                + String.join(", ", Datasets.builtInNames()) + ") nor a file (looked for " + p + ")");
        return p.toString();
    }

    private Path resolve(String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : base.resolve(p)).toAbsolutePath().normalize();
    }

    /** The jobs by id, in order (for tests and the results file). */
    public Map<String, Job> byId() {
        Map<String, Job> m = new LinkedHashMap<>();
        for (Job j : graph.jobs()) m.put(j.id(), j);
        return m;
    }
}
