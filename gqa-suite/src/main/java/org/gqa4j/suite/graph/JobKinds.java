package org.gqa4j.suite.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.gqa4j.convert.ConversionJob;
import org.gqa4j.convert.Uptraining;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.checkpoint.layout.CheckpointImport;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportJson;
import org.gqa4j.eval.report.ReportWriter;
import org.gqa4j.eval.suite.Evaluator;
import org.gqa4j.eval.suite.ModelScore;
import org.gqa4j.eval.suite.ReportAssembler;
import org.gqa4j.eval.suite.Scorer;
import org.gqa4j.train.ProgressListener;
import org.gqa4j.train.TrainResult;
import org.gqa4j.train.Trainer;
import org.gqa4j.core.config.TrainingRecipe;

/**
 * What each kind of job does: a function of the job's inputs and its dependencies' published
 * results that writes its own result into a fresh directory. Nothing else is read or written,
 * so the same job gives the same result on any runner.
 *
 * <ul>
 *   <li>{@code train}: a model trained from scratch (the MHA parent, or the from-scratch GQA control) -> {@code model/}</li>
 *   <li>{@code convert}: the parent converted and uptrained -> {@code model/}</li>
 *   <li>{@code continue}: the parent trained on for the uptraining budget (control) -> {@code model/}</li>
 *   <li>{@code import}: a foreign (HuggingFace-style) checkpoint imported, the task's data preparation attached -> {@code model/}</li>
 *   <li>{@code score}: one model scored on its task's test split -> {@code score.json}</li>
 *   <li>{@code report}: one task's scores assembled -> {@code report/} (report.json, .md, .html)</li>
 * </ul>
 */
public final class JobKinds {

    public static final String TRAIN = "train", CONVERT = "convert", CONTINUE = "continue", IMPORT = "import", SCORE = "score",
            REPORT = "report";
    public static final String MODEL_DIR = "model", SCORE_FILE = "score.json", REPORT_DIR = "report";

    /** Where dependencies' results are: the published directory of a job id. */
    public interface Results {
        Path of(String jobId);
    }

    /** Parsed series by source, so the jobs of one process load each dataset once (series are immutable). */
    private static final Map<String, PriceSeries> SERIES = new ConcurrentHashMap<>();

    private JobKinds() {}

    public static void run(Job job, Results results, Path out, Consumer<String> progress) {
        JsonNode in = job.inputs();
        switch (job.kind()) {
            case TRAIN -> train(in, out.resolve(MODEL_DIR), new JobProgress(progress));
            case CONVERT -> ConversionJob.run(model(results, job, "parent"), in.get("kv_heads").asInt(), in.get("method").asText(),
                    in.get("alpha").asDouble(), in.get("data").asText(), out.resolve(MODEL_DIR), in.get("seed").asLong(), line -> {},
                    new JobProgress(progress));
            case CONTINUE -> continueTraining(in, model(results, job, "parent"), out.resolve(MODEL_DIR), new JobProgress(progress));
            case IMPORT -> importModel(in, out.resolve(MODEL_DIR), progress);
            case SCORE -> score(in, job, results, out.resolve(SCORE_FILE));
            case REPORT -> report(in, job, results, out.resolve(REPORT_DIR), progress);
            default -> throw new IllegalArgumentException("unknown job kind " + job.kind());
        }
    }

    public static PriceSeries series(String data, String format) {
        return SERIES.computeIfAbsent(format + "|" + data, k -> Datasets.load(data, Format.parse(format)));
    }

    private static Path model(Results results, Job job, String role) {
        return results.of(job.deps(role).get(0)).resolve(MODEL_DIR);
    }

    private static void train(JsonNode in, Path out, ProgressListener listener) {
        PriceSeries series = series(in.get("data").asText(), in.get("format").asText());
        SplitSpec split = ConfigJson.MAPPER.convertValue(in.get("split"), SplitSpec.class);
        List<String> targets = new ArrayList<>();
        in.get("targets").forEach(t -> targets.add(t.asText()));
        DataPrep prep = DataPrep.fit(series, targets, in.get("horizon").asInt(), in.get("context").asInt(), split);
        PreparedData data = prep.apply(series);
        JsonNode a = in.get("architecture");
        long seed = in.get("seed").asLong();
        ModelConfig config = new ModelConfig(prep.featureNames(), prep.targetNames(), prep.horizon(), a.get("d_model").asInt(),
                a.get("layers").asInt(), a.get("heads").asInt(), a.get("kv_heads").asInt(), a.get("ffn").asInt(), prep.context(),
                a.get("dropout").asDouble(), 0.0, seed);
        TrainingRecipe recipe = recipe(in.get("recipe"), seed);
        new Trainer(recipe).listener(listener).trainNew(config, data, in.get("data").asText(), out);
    }

    private static void importModel(JsonNode in, Path out, Consumer<String> progress) {
        Path from = Path.of(in.get("path").asText());
        List<String> targets = new ArrayList<>();
        in.get("targets").forEach(t -> targets.add(t.asText()));
        SplitSpec split = ConfigJson.MAPPER.convertValue(in.get("split"), SplitSpec.class);
        CheckpointImport.run(new CheckpointImport.Request(from, out, in.get("layout").asText(), in.get("data").asText(),
                Format.parse(in.get("format").asText()), targets, split), progress);
        // the files imported must be the ones the job's key was made from (the import hashed them as it read them);
        // on a mismatch the attempt fails and is discarded unpublished
        String imported = CheckpointImport.contentHash(CheckpointIO.read(out).provenance().source());
        if (!imported.equals(in.get("source_sha256").asText())) {
            throw new InputException(from + " changed since the suite was planned (its files' SHA-256 differs); run the suite again");
        }
    }

    static TrainingRecipe recipe(JsonNode r, long seed) {
        long steps = r.get("steps").asLong();
        TrainingRecipe t = TrainingRecipe.defaults().withSteps(steps).withBatchSize(r.get("batch").asInt())
                .withLearningRate(r.get("lr").asDouble()).withSeed(seed).withCheckpointEvery(Math.max(1, steps / 4))
                .withWarmup(Math.min(100, Math.max(1, steps / 10)), 0.1);
        TrainingRecipe d = TrainingRecipe.defaults();
        long every = r.hasNonNull("eval_every") ? r.get("eval_every").asLong() : Math.min(d.evalEvery(), Math.max(1, steps / 5));
        int patience = r.hasNonNull("patience") ? r.get("patience").asInt() : d.patience();
        return t.withEvaluation(every, d.evalPositions(), patience);
    }

    /** The control for uptraining: the parent itself trained on with the uptraining recipe and budget. */
    private static void continueTraining(JsonNode in, Path parentDir, Path out, ProgressListener listener) {
        Checkpoint parent = CheckpointIO.read(parentDir);
        Provenance pp = parent.provenance();
        double alpha = in.get("alpha").asDouble();
        long seed = in.get("seed").asLong();
        long budget = Uptraining.steps(alpha, pp);
        Provenance.Parent ref = new Provenance.Parent(parentDir.toAbsolutePath().normalize().toString(), CheckpointIO.hash(parentDir),
                parent.config().nKvHeads(), pp);
        Provenance base = new Provenance(java.time.Instant.now().toString(), org.gqa4j.core.BuildInfo.codeVersion(), pp.dataset(),
                pp.dataFingerprint(), pp.steps(), seed, pp.recipe(), ref, null, null);
        Checkpoint result = parent;
        if (budget > 0) {
            PreparedData data = parent.dataPrep().apply(series(in.get("data").asText(), in.get("format").asText()));
            TrainResult tr = new Trainer(Uptraining.recipe(pp.recipe(), budget, seed)).listener(listener).provenance(base)
                    .train(parent.weights(), data, in.get("data").asText(), null);
            Provenance p = tr.model().provenance();
            result = new Checkpoint(tr.bestWeights(), parent.dataPrep(), new Provenance(p.created(), p.codeVersion(), p.dataset(),
                    p.dataFingerprint(), p.steps(), seed, pp.recipe(), ref, null, p.metrics()), null, null);
        } else {
            result = new Checkpoint(parent.weights(), parent.dataPrep(), base, null, null);
        }
        try {
            CheckpointIO.write(out, result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void score(JsonNode in, Job job, Results results, Path out) {
        Path ckpt = job.deps("model").isEmpty() ? Path.of(in.get("checkpoint").asText()) : model(results, job, "model");
        PriceSeries series = series(in.get("data").asText(), in.get("format").asText());
        ModelScore s = new Scorer(options(in.get("options"))).score(in.get("name").asText(), ckpt, series);
        if (!job.deps("reference").isEmpty()) {
            // a control without a conversion parent (trained from scratch) is compared against the suite's parent
            s = new ModelScore(s.model(), CheckpointIO.hash(model(results, job, "reference")), s.dataset(), s.forecasts(),
                    s.baselines(), s.ar1Backtest(), s.context());
        }
        write(out, s);
    }

    private static void report(JsonNode in, Job job, Results results, Path out, Consumer<String> progress) {
        List<ModelScore> scores = new ArrayList<>(), all = new ArrayList<>();
        for (String id : job.deps("score")) scores.add(read(results.of(id).resolve(SCORE_FILE), ModelScore.class));
        all.addAll(scores);
        for (String id : job.deps("sweep")) all.add(read(results.of(id).resolve(SCORE_FILE), ModelScore.class));
        Evaluator.Options o = options(in.get("options"));
        Report r = new ReportAssembler(o, progress).assemble(scores, SweepsFromScores.of(all), in.get("split").asText());
        try {
            ReportWriter.write(out, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Evaluator.Options options(JsonNode o) {
        return new Evaluator.Options(null, Format.AUTO, o.get("instruments").asInt(), o.get("cost_bps").asDouble(),
                o.get("latency").asBoolean(), new int[0], o.get("decisions").asInt(),
                o.hasNonNull("headline") ? o.get("headline").asText() : null, o.get("metric").asText(), o.get("season").asInt(),
                o.get("seed_reference").asBoolean(), o.get("memory_samples").asInt(), o.get("task").asText());
    }

    static void write(Path file, Object value) {
        try {
            Files.writeString(file, ReportJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return ReportJson.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
    }
}
