package org.gqa4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.gqa4j.core.InputException;
import org.gqa4j.core.OutputDirectory;
import org.gqa4j.core.data.GapPolicy;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.train.ConsoleProgress;
import org.gqa4j.train.EngineKind;
import org.gqa4j.train.TrainResult;
import org.gqa4j.train.Trainer;
import org.gqa4j.train.TrainingRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a decoder-only transformer on a price series. OUT becomes the model (a checkpoint)",
                "and holds the training log (train-log.jsonl) and a resumable state (.train/)."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "D", description = "built-in dataset (btc-usd-1m, eth-usd-5m, aapl-1d, synthetic) or a CSV/JSON file")
    String data;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT", converter = Cli.FormatConverter.class,
            completionCandidates = Cli.FormatNames.class, description = "file format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--gaps", defaultValue = "keep", paramLabel = "POLICY", converter = Cli.GapsConverter.class,
            description = "missing bars in a file: keep (report them), fill (flagged bars at the previous close, at most"
                    + " 1440 per gap) or error (default ${DEFAULT-VALUE})")
    GapPolicy gaps;

    @Option(names = "--target", split = ",", paramLabel = "NAME",
            description = "targets (default for price bars: return,abs_return; numeric CSV: name the columns)")
    List<String> targets;

    @Option(names = "--config", paramLabel = "model.json", description = "model configuration file; flags below override it")
    Path config;

    @Option(names = "--layers", description = "transformer blocks (default 2)") Integer layers;
    @Option(names = "--d-model", description = "residual width (default 64)") Integer dModel;
    @Option(names = "--heads", description = "query heads (default 8)") Integer heads;
    @Option(names = "--kv-heads", description = "key/value heads (default: = heads, i.e. MHA)") Integer kvHeads;
    @Option(names = "--ffn", description = "FFN width (default 4 x d_model)") Integer ffn;
    @Option(names = "--context", description = "bars per window (default 64)") Integer context;
    @Option(names = "--horizon", description = "steps ahead per target (default 1)") Integer horizon;
    @Option(names = "--dropout", description = "dropout on residual branches (default 0)") Double dropout;

    @Option(names = "--recipe", paramLabel = "recipe.json", description = "training recipe file; flags below override it")
    Path recipeFile;
    @Option(names = "--steps", description = "optimizer updates (default 1000)") Long steps;
    @Option(names = "--batch", description = "windows per update (default 32)") Integer batch;
    @Option(names = "--lr", description = "peak learning rate (default 1e-3)") Double lr;
    @Option(names = "--seed", description = "seed of initialization and batch order (default 1)") Long seed;

    @Option(names = "--engine", defaultValue = "vector", description = "vector (fast, default) or samediff (the reference graph)")
    String engine;
    @Option(names = "--threads", defaultValue = "0", description = "engine threads (default: all cores)")
    int threads;

    @Option(names = "--resume", description = "continue the interrupted or finished run in --out from its last checkpoint")
    boolean resume;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "run directory; becomes the model checkpoint")
    Path out;

    @Override
    public Integer call() {
        EngineKind kind = EngineKind.parse(engine);
        Trainer trainer;
        TrainResult r;
        if (resume) {
            Trainer.RunInfo info = Trainer.inspectRun(out);
            String dataName = Datasets.forCheckpoint(data, info.dataset()); // never a path recorded in the run
            if (dataName == null) throw new InputException(Datasets.recordedFileMessage(out, info.dataset()));
            Cli.progress("resuming " + out + " at step " + info.step() + " of " + info.recipe().steps() + " on " + dataName);
            PreparedData prepared = info.dataPrep().apply(Datasets.load(dataName, format, gaps));
            trainer = new Trainer(null).engine(kind, threads).listener(ConsoleProgress.auto());
            r = withStopHook(trainer, () -> trainer.resume(out, prepared));
        } else {
            if (data == null) throw new InputException("--data is required: a built-in dataset ("
                    + String.join(", ", Datasets.builtInNames()) + ") or a CSV/JSON file");
            OutputDirectory.check(out, "--out");
            PriceSeries series = Datasets.load(data, format, gaps);
            ObjectNode architecture = architecture();
            List<String> t = targets != null ? targets
                    : architecture.has("targets") ? stringList(architecture.get("targets"))
                    : series.isOhlcv() ? List.of("return", "abs_return") : null;
            if (t == null) throw new InputException(data + ": a numeric series needs --target naming its target columns; columns: " + series.columns());
            DataPrep prep = DataPrep.fit(series, t, architecture.get("horizon").asInt(), architecture.get("context").asInt());
            PreparedData prepared = prep.apply(series);
            // features and targets come from the data preparation; the file/flags give the rest
            architecture.putPOJO("features", prep.featureNames());
            architecture.putPOJO("targets", prep.targetNames());
            ModelConfig c = ConfigJson.parse(config != null ? config.toString() : "command-line options",
                    architecture.toString(), ModelConfig.class);
            TrainingRecipe recipe = recipe(c.seed());
            Cli.progress(String.format("training %d-layer d_model %d, %d heads / %d KV heads, context %d on %s "
                            + "(%d bars: %d train, %d val, %d test positions), %d steps", c.layers(), c.dModel(), c.nHeads(),
                    c.nKvHeads(), c.context(), data, series.size(), prepared.trainPositions().length,
                    prepared.valPositions().length, prepared.testPositions().length, recipe.steps()));
            trainer = new Trainer(recipe).engine(kind, threads).listener(ConsoleProgress.auto());
            r = withStopHook(trainer, () -> trainer.trainNew(c, prepared, data, out));
        }
        System.out.printf("%s after %d steps: best validation loss %.6f at step %d; model in %s%n",
                r.status().name().toLowerCase().replace('_', ' '), r.steps(), r.bestValLoss(), r.bestStep(), out);
        return 0;
    }

    /** Ctrl-C asks the trainer to stop after the current update and write a resumable checkpoint. */
    private static TrainResult withStopHook(Trainer trainer, java.util.function.Supplier<TrainResult> body) {
        // the JVM halts once hooks return: wait for the resumable checkpoint to be written
        Thread hook = new Thread(() -> trainer.requestStopAndWait(60_000), "gqa-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook has run
            }
        }
    }

    /** The model configuration's fields from --config and the flags (flags win), with defaults. */
    private ObjectNode architecture() {
        ObjectNode node = config != null ? (ObjectNode) ConfigJson.read(config, com.fasterxml.jackson.databind.JsonNode.class)
                : ConfigJson.MAPPER.createObjectNode();
        put(node, "layers", layers, 2);
        put(node, "d_model", dModel, 64);
        put(node, "n_heads", heads, 8);
        put(node, "n_kv_heads", kvHeads, node.get("n_heads").asInt());
        put(node, "ffn_dim", ffn, 4 * node.get("d_model").asInt());
        put(node, "context", context, 64);
        put(node, "horizon", horizon, 1);
        if (dropout != null) node.put("dropout", dropout);
        if (seed != null) node.put("seed", seed);
        else if (!node.has("seed")) node.put("seed", 1L);
        if (node.has("targets") && targets != null && !stringList(node.get("targets")).equals(targets)) {
            throw new InputException("--target " + targets + " differs from the targets in " + config + ": " + node.get("targets"));
        }
        return node;
    }

    private static List<String> stringList(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void put(ObjectNode node, String field, Integer flag, int fallback) {
        if (flag != null) node.put(field, flag);
        else if (!node.has(field)) node.put(field, fallback);
    }

    private TrainingRecipe recipe(long modelSeed) {
        TrainingRecipe r = recipeFile != null ? TrainingRecipe.read(recipeFile) : TrainingRecipe.defaults();
        if (steps != null) r = r.withSteps(steps);
        if (batch != null) r = r.withBatchSize(batch);
        if (lr != null) r = r.withLearningRate(lr);
        return r.withSeed(seed != null ? seed : recipeFile != null ? r.seed() : modelSeed);
    }
}
