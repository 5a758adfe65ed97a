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
import org.gqa4j.core.data.MultiSeries;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.train.ConsoleProgress;
import org.gqa4j.train.EngineKind;
import org.gqa4j.train.TrainResult;
import org.gqa4j.train.Trainer;
import org.gqa4j.core.config.TrainingRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a decoder-only transformer on a price series.",
                "OUT becomes the model (a checkpoint) and also holds the training log (train-log.jsonl) and the "
                        + "resumable state (.train/). Ctrl-C stops after the current step, keeps the run resumable and "
                        + "exits with 130; --resume continues it as it was started (a flag that differs is refused)."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "D", description = "built-in dataset (btc-usd-1m, eth-usd-5m, aapl-1d, synthetic) or a CSV/JSON file;"
            + " A,B,C trains one model on several series, each normalized on its own training split")
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

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "train/validation/test split: chronological (default: 70/10/20 of the positions with a horizon-long"
                    + " embargo), chronological:TRAIN,VAL (fractions), rows:TRAIN_END,VAL_END,TEST_END (positions), or the"
                    + " Time-Series-Library protocol tslib-ett-hour, tslib-ett-minute, tslib-custom")
    String split;

    @Option(names = "--config", paramLabel = "model.json", description = "model configuration file; flags below override it")
    Path config;

    @Option(names = "--layers", description = "transformer blocks, n_layers (default 2)") Integer layers;
    @Option(names = "--d-model", description = "residual width (default 64)") Integer dModel;
    @Option(names = "--heads", description = "query heads (default 8)") Integer heads;
    @Option(names = "--kv-heads", description = "key/value heads (default: = heads, i.e. MHA)") Integer kvHeads;
    @Option(names = "--head-dim", description = "width of one head, even (default d_model / heads)") Integer headDim;
    @Option(names = "--ffn-dim", description = "feed-forward hidden width (default 4 x d_model)") Integer ffnDim;
    @Option(names = "--ffn", paramLabel = "KIND", description = "feed-forward: gelu (x sigmoid(1.702x), default), gelu-exact (x Phi(x)) or swiglu")
    String ffn;
    @Option(names = "--norm", paramLabel = "KIND", description = "layernorm (default) or rmsnorm") String norm;
    @Option(names = "--norm-eps", paramLabel = "E", description = "eps of the norm (default 0 for layernorm, 1e-5 for rmsnorm)")
    Double normEps;
    @Option(names = "--no-bias", description = "no biases in the attention projections and the feed-forward")
    boolean noBias;
    @Option(names = "--rope-theta", description = "rotary embedding base (default 10000)") Double ropeTheta;
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
        TrainingRecipe planned;
        if (resume) {
            Trainer.RunInfo info = Trainer.inspectRun(out);
            refuseChanges(info);
            planned = info.recipe();
            PreparedData prepared;
            if (info.series() != null) {
                List<String> names = MultiSeries.forCheckpoint(data, info.series()); // never a path recorded in the run
                Cli.progress("resuming " + out + " at step " + info.step() + " of " + info.recipe().steps() + " on " + String.join(",", names));
                prepared = MultiSeries.apply(info.series(), MultiSeries.load(names, format, gaps));
            } else {
                String dataName = Datasets.forCheckpoint(data, info.dataset()); // never a path recorded in the run
                if (dataName == null) throw new InputException(Datasets.recordedFileMessage(out, info.dataset()));
                Cli.progress("resuming " + out + " at step " + info.step() + " of " + info.recipe().steps() + " on " + dataName);
                prepared = info.dataPrep().apply(Datasets.load(dataName, format, gaps));
            }
            trainer = new Trainer(null).engine(kind, threads).listener(ConsoleProgress.auto().withoutSummary());
            r = withStopHook(trainer, () -> trainer.resume(out, prepared));
        } else {
            if (data == null) throw new InputException("--data is required: a built-in dataset ("
                    + String.join(", ", Datasets.builtInNames()) + ") or a CSV/JSON file");
            OutputDirectory.check(out, "--out");
            Trainer.checkNewRun(out); // before any work or output
            List<String> names = MultiSeries.names(data);
            List<PriceSeries> all = MultiSeries.load(names, format, gaps);
            PriceSeries series = all.get(0);
            ObjectNode architecture = architecture();
            List<String> t = targets != null ? targets
                    : architecture.has("targets") ? stringList(architecture.get("targets"))
                    : series.isOhlcv() ? List.of("return", "abs_return") : null;
            if (t == null) throw new InputException(data + ": a numeric series needs --target naming its target columns; columns: " + series.columns());
            SplitSpec splitSpec = split == null ? SplitSpec.Chronological.DEFAULT : SplitSpec.parse(split);
            PreparedData prepared = MultiSeries.fit(names, all, t, architecture.get("horizon").asInt(),
                    architecture.get("context").asInt(), splitSpec);
            DataPrep prep = prepared.prep();
            // features and targets come from the data preparation; the file/flags give the rest
            architecture.putPOJO("features", prep.featureNames());
            architecture.putPOJO("targets", prep.targetNames());
            ModelConfig c = ConfigJson.parse(config != null ? config.toString() : "command-line options",
                    architecture.toString(), ModelConfig.class);
            TrainingRecipe recipe = recipe(c.seed());
            planned = recipe;
            Cli.progress(String.format("training %d-layer d_model %d, %d heads / %d KV heads, context %d on %s "
                            + "(%d bars: %d train, %d val, %d test positions), %d steps; %s", c.nLayers(), c.dModel(), c.nHeads(),
                    c.nKvHeads(), c.context(), names.size() == 1 ? data : names.size() + " series " + data, prepared.size(), prepared.trainPositions().length,
                    prepared.valPositions().length, prepared.testPositions().length, recipe.steps(), c.arch().describe()));
            if (recipe.warmupSteps() >= recipe.steps()) {
                Cli.progress(String.format(java.util.Locale.ROOT, "note: %d steps are no more than the recipe's %d warmup "
                                + "steps: the learning rate rises linearly over the whole run, reaches the peak %.3g only "
                                + "at the last step and never decays; set warmup_steps in a --recipe file for a shorter warmup",
                        recipe.steps(), recipe.warmupSteps(), recipe.learningRate()));
            }
            trainer = new Trainer(recipe).engine(kind, threads).listener(ConsoleProgress.auto().withoutSummary());
            r = withStopHook(trainer, () -> trainer.trainNew(c, prepared, data, out));
        }
        // the end of the run, said once (the progress above leaves it to this line)
        System.out.println(r.describe(planned.steps(), planned.patience(), out.toString()));
        return 0;
    }

    /**
     * --resume continues a run exactly as it was started (the resumed run equals an uninterrupted
     * one, bit for bit), so a flag or file that would change its model or recipe is refused,
     * naming each difference, rather than silently ignored or half applied.
     */
    private void refuseChanges(Trainer.RunInfo info) {
        List<String> diffs = new java.util.ArrayList<>();
        ObjectNode run = ConfigJson.MAPPER.valueToTree(info.config());
        ObjectNode given = architecture(run.deepCopy());
        given.fieldNames().forEachRemaining(field -> {
            if (!field.equals("seed") && !given.get(field).equals(run.get(field))) {
                diffs.add(name(field) + " " + given.get(field) + " (the run: " + run.get(field) + ")");
            }
        });
        if (split != null && !SplitSpec.parse(split).equals(info.dataPrep().split())) {
            diffs.add("--split " + split + " (the run: " + ConfigJson.MAPPER.valueToTree(info.dataPrep().split()) + ")");
        }
        TrainingRecipe runRecipe = info.recipe();
        TrainingRecipe base = recipeFile != null ? TrainingRecipe.read(recipeFile) : runRecipe;
        com.fasterxml.jackson.databind.JsonNode want = ConfigJson.MAPPER.valueToTree(recipeWithFlags(base, recipeFile != null ? base.seed() : runRecipe.seed()));
        com.fasterxml.jackson.databind.JsonNode have = ConfigJson.MAPPER.valueToTree(runRecipe);
        want.fieldNames().forEachRemaining(field -> {
            if (!want.get(field).equals(have.get(field))) {
                diffs.add(name(field) + " " + want.get(field) + " (the run: " + have.get(field) + ")");
            }
        });
        if (!diffs.isEmpty()) {
            throw InputException.in(out, "--resume continues the run as it was started, and these differ from it: "
                    + String.join(", ", diffs) + "; drop them to continue the run, or train a new run with another --out");
        }
    }

    /** The flag that sets a configuration or recipe field, or the field's name when only a file sets it. */
    private String name(String field) {
        String flag = switch (field) {
            case "n_layers" -> "--layers";
            case "d_model" -> "--d-model";
            case "n_heads" -> "--heads";
            case "n_kv_heads" -> "--kv-heads";
            case "ffn_dim" -> "--ffn-dim";
            case "ffn" -> "--ffn";
            case "norm" -> "--norm";
            case "norm_eps" -> "--norm-eps";
            case "head_dim" -> "--head-dim";
            case "rope_theta" -> "--rope-theta";
            case "attention_bias", "ffn_bias" -> "--no-bias";
            case "context" -> "--context";
            case "horizon" -> "--horizon";
            case "dropout" -> "--dropout";
            case "targets" -> "--target";
            case "steps" -> "--steps";
            case "batch_size" -> "--batch";
            case "learning_rate" -> "--lr";
            case "seed" -> "--seed";
            default -> null;
        };
        return flag != null ? flag : field + " (in " + (recipeFile != null ? recipeFile : config) + ")";
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
        return architecture(ConfigJson.MAPPER.createObjectNode());
    }

    /** {@code base} (empty for a new run, the run's configuration on --resume), then --config's fields, then the flags. */
    private ObjectNode architecture(ObjectNode base) {
        ObjectNode node = base;
        if (config != null) node.setAll((ObjectNode) ConfigJson.read(config, com.fasterxml.jackson.databind.JsonNode.class));
        // a file may use the version-1 names; flags below set the canonical ones
        ModelConfig.LEGACY_NAMES.forEach((old, canonical) -> {
            if (node.has(old) && !node.has(canonical)) node.set(canonical, node.remove(old));
        });
        put(node, "n_layers", layers, 2);
        put(node, "d_model", dModel, 64);
        put(node, "n_heads", heads, 8);
        put(node, "n_kv_heads", kvHeads, node.get("n_heads").asInt());
        put(node, "ffn_dim", ffnDim, 4 * node.get("d_model").asInt());
        if (headDim != null) node.put("head_dim", headDim);
        if (ffn != null) node.put("ffn", ffn);
        if (norm != null) node.put("norm", norm);
        if (normEps != null) node.put("norm_eps", normEps);
        if (ropeTheta != null) node.put("rope_theta", ropeTheta);
        if (noBias) {
            node.put("attention_bias", false);
            node.put("ffn_bias", false);
        }
        put(node, "context", context, 64);
        put(node, "horizon", horizon, 1);
        if (dropout != null) node.put("dropout", dropout);
        if (seed != null) node.put("seed", seed);
        else if (!node.has("seed")) node.put("seed", 1L);
        if (node.has("targets") && targets != null && !stringList(node.get("targets")).equals(targets)) {
            throw new InputException("--target " + targets + " differs from the targets in "
                    + (config != null ? config : out + " (the run)") + ": " + node.get("targets"));
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
        return recipeWithFlags(r, recipeFile != null ? r.seed() : modelSeed);
    }

    /** {@code r} with --steps, --batch, --lr and the seed (--seed, else {@code fallbackSeed}) applied. */
    private TrainingRecipe recipeWithFlags(TrainingRecipe r, long fallbackSeed) {
        if (steps != null) r = r.withSteps(steps);
        if (batch != null) r = r.withBatchSize(batch);
        if (lr != null) r = r.withLearningRate(lr);
        return r.withSeed(seed != null ? seed : fallbackSeed);
    }
}
