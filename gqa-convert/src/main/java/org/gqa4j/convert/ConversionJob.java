package org.gqa4j.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.MultiSeries;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.model.Weights;
import org.gqa4j.train.ProgressListener;
import org.gqa4j.train.TrainResult;
import org.gqa4j.train.Trainer;
import org.gqa4j.core.config.TrainingRecipe;

/**
 * {@code gqa convert} as one call: read the parent checkpoint, check the request, prepare
 * calibration and uptraining data, convert, uptrain, write the new checkpoint.
 *
 * <p>Every check on the request (KV heads, method, alpha, data, output directory) runs before
 * any work and before anything is written; the checkpoint is written once, atomically, at the
 * end. A failure therefore never leaves an output directory behind.
 *
 * <p>Data: {@code data} (a built-in name or a file) or, when null, the dataset the parent's
 * provenance names. It is prepared with the parent's own data preparation (features,
 * normalization), calibration uses its TRAIN windows only, and uptraining uses it like the
 * original training did.
 */
public final class ConversionJob {

    /**
     * @param out           the new checkpoint
     * @param conversion    the conversion record (groups, query order, calibration fingerprint)
     * @param uptrainSteps  updates of uptraining run (0 if none)
     * @param valLoss       validation loss of the published uptrained model, NaN without uptraining
     */
    public record Result(Path out, ConversionResult conversion, long uptrainSteps, double valLoss) {}

    private ConversionJob() {}

    /** {@link #run(Path, int, String, double, String, Path, long, Consumer, ProgressListener)} without training progress. */
    public static Result run(Path from, int kvHeads, String method, double alpha, String dataOrNull, Path out, long seed,
                             Consumer<String> progress) {
        return run(from, kvHeads, method, alpha, dataOrNull, out, seed, progress, ProgressListener.NONE);
    }

    /**
     * @param from      the parent checkpoint directory
     * @param kvHeads   KV heads of the result; must divide the parent's
     * @param method    a {@link ConversionMethods} name
     * @param alpha     uptraining budget as a fraction of the parent's steps ({@link Uptraining#DEFAULT_ALPHA}); 0: none
     * @param dataOrNull data for calibration and uptraining; null: the parent's dataset
     * @param out       where to write the new checkpoint (must not exist, or be empty)
     * @param seed      seeds {@code random} and uptraining's batch order
     * @param progress  one line per stage
     * @param training  uptraining progress (e.g. the trainer's console progress)
     */
    public static Result run(Path from, int kvHeads, String method, double alpha, String dataOrNull, Path out, long seed,
                             Consumer<String> progress, ProgressListener training) {
        return run(from, kvHeads, method, alpha, null, dataOrNull, out, seed, progress, training);
    }

    /**
     * As above, with an explicit uptraining budget: {@code uptrainSteps} updates (not null) instead of
     * {@code alpha} x the parent's steps, for a parent whose step count is unknown (an imported model).
     */
    public static Result run(Path from, int kvHeads, String method, double alpha, Long uptrainSteps, String dataOrNull, Path out,
                             long seed, Consumer<String> progress, ProgressListener training) {
        return run(from, kvHeads, method, alpha, uptrainSteps, null, dataOrNull, out, seed, progress, training);
    }

    /**
     * As above, with the weight of the parent's forecasts in the uptraining targets
     * ({@code distill}, in [0, 1]; null: the parent recipe's {@code uptrain_distill}; see {@link Uptraining}).
     */
    public static Result run(Path from, int kvHeads, String method, double alpha, Long uptrainSteps, Double distill,
                             String dataOrNull, Path out, long seed, Consumer<String> progress, ProgressListener training) {
        Uptraining.checkAlpha(alpha);
        Uptraining.checkDistill(distill);
        if (uptrainSteps != null && uptrainSteps < 0) {
            throw new InputException("--uptrain-steps " + uptrainSteps + ": must be >= 0 (0 means no uptraining)");
        }
        checkOut(from, out);
        Checkpoint parent = CheckpointIO.read(from);
        Provenance parentProv = parent.provenance();
        ConversionMethod m = ConversionMethods.byName(method);
        // data given is always checked, even when nothing needs it: a typo should not pass silently
        // G equal to the parent's KV heads is the identity: there is nothing to recover, and uptraining
        // would only continue training the parent and blur the comparison with it, so it is skipped
        boolean identity = kvHeads == parent.config().nKvHeads();
        if (identity && (alpha > 0 || uptrainSteps != null && uptrainSteps > 0)) {
            progress.accept("note: " + kvHeads + " KV heads is the parent's own count: the conversion is the identity, no uptraining");
            alpha = 0;
            uptrainSteps = null;
        }
        if (uptrainSteps != null) alpha = 0; // the explicit budget replaces the fraction
        boolean needsData = m.dataAware() && !identity || alpha > 0 || uptrainSteps != null && uptrainSteps > 0 || dataOrNull != null;
        String recorded = parentProv == null ? null : parentProv.dataset();
        if (parent.multiSeries() && needsData) Converter.check(parent.config(), kvHeads, method, true); // named first
        // never a path recorded in a checkpoint; a multi-series parent needs all of its series
        String dataName = parent.multiSeries()
                ? (dataOrNull == null && !needsData ? null : String.join(",", MultiSeries.forCheckpoint(dataOrNull, parent.series())))
                : Datasets.forCheckpoint(dataOrNull, recorded);
        if (needsData && dataName == null && recorded != null) {
            Converter.check(parent.config(), kvHeads, method, true); // a bad --kv-heads is still named first
            throw new InputException("this conversion needs the training data: " + Datasets.recordedFileMessage(from, recorded));
        }
        Converter.check(parent.config(), kvHeads, method, !needsData || dataName != null);
        long budget = uptrainSteps != null ? uptrainSteps : Uptraining.steps(alpha, parentProv);
        if (needsData && dataName == null) {
            throw new InputException("uptraining needs the training data: " + Datasets.recordedFileMessage(from, recorded));
        }
        PreparedData data = needsData ? prepare(parent, dataName, progress) : null;
        TrainingRecipe recipe = budget > 0 ? Uptraining.recipe(parentProv == null ? null : parentProv.recipe(), budget, seed) : null;
        double distillWeight = recipe == null ? 0 : distill != null ? distill : recipe.uptrainDistill();
        if (data != null && parentProv != null && parentProv.dataFingerprint() != null
                && !parentProv.dataFingerprint().equals(data.fingerprint())) {
            progress.accept("note: " + dataName + " is not the data the parent was trained on (fingerprint differs)");
        }

        Calibration cal = m.dataAware() && data != null ? Calibration.fromTrain(data, Calibration.DEFAULT_WINDOWS) : null;
        progress.accept(String.format(Locale.ROOT, "converting %s: %d -> %d KV heads with %s%s", from,
                parent.config().nKvHeads(), kvHeads, m.name(),
                cal == null ? "" : " (calibration: " + cal.windows() + " train windows of " + dataName + ")"));
        ConversionResult conv = Converter.convert(parent.weights(), kvHeads, m.name(), cal, seed, progress);

        Provenance.Parent parentRef = new Provenance.Parent(from.toAbsolutePath().normalize().toString(),
                CheckpointIO.hash(from), parent.config().nKvHeads(), parentProv);
        Provenance base = new Provenance(Instant.now().toString(), codeVersion(),
                parentProv == null ? null : parentProv.dataset(), parentProv == null ? null : parentProv.dataFingerprint(),
                parentProv == null ? 0 : parentProv.steps(), parentProv == null ? seed : parentProv.seed(),
                parentProv == null ? null : parentProv.recipe(), parentRef, conv.provenance(alpha, 0, 0), null);
        Checkpoint result;
        long ran = 0;
        double valLoss = Double.NaN;
        if (budget > 0) {
            progress.accept(String.format(Locale.ROOT, "uptraining for %d updates (%s) at learning rate %.3g%s", budget,
                    uptrainSteps != null ? "--uptrain-steps" : alpha + " x the parent's " + parentProv.steps(), recipe.learningRate(),
                    distillWeight == 0 ? "" : ", distilled from the parent's forecasts (weight " + distillWeight + ")"));
            TrainResult tr = new Trainer(recipe).listener(training).provenance(base).teacher(parent.weights(), distillWeight)
                    .train(conv.weights(), data, dataName, null);
            ran = tr.steps();
            valLoss = tr.bestValLoss();
            Provenance p = tr.model().provenance();
            // the model's recipe stays the parent's (a later conversion derives its uptraining from it again);
            // the uptraining itself is the conversion record's alpha and steps with the rule of Uptraining
            result = new Checkpoint(tr.bestWeights(), tr.model().dataPrep(), new Provenance(p.created(), p.codeVersion(),
                    p.dataset(), p.dataFingerprint(), p.steps(), p.seed(), parentProv == null ? null : parentProv.recipe(), parentRef,
                    conv.provenance(alpha, ran, distillWeight), p.metrics()), null, null, tr.model().series());
        } else {
            result = new Checkpoint(conv.weights(), parent.dataPrep(), base, null, null, parent.series());
        }
        write(out, result);
        return new Result(out, conv, ran, valLoss);
    }

    private static PreparedData prepare(Checkpoint parent, String dataName, Consumer<String> progress) {
        if (parent.dataPrep() == null) {
            throw new InputException("the parent checkpoint has no data preparation (data_prep.json), so its"
                    + " inputs cannot be reproduced for calibration or uptraining; use a data-free method and --uptrain 0");
        }
        DataPrep prep = parent.dataPrep();
        progress.accept("loading " + dataName);
        if (parent.multiSeries()) {
            List<PriceSeries> all = new java.util.ArrayList<>();
            for (String name : MultiSeries.names(dataName)) all.add(Datasets.load(name, Format.AUTO));
            return MultiSeries.apply(parent.series(), all); // each series with its own stored normalization
        }
        PriceSeries series = Datasets.load(dataName, Format.AUTO);
        return prep.apply(series);
    }

    /** The output must be new (or an empty directory) and must not be the parent itself. */
    private static void checkOut(Path from, Path out) {
        Path o = out.toAbsolutePath().normalize();
        if (o.equals(from.toAbsolutePath().normalize())) {
            throw InputException.in(out, "is the parent checkpoint; choose another --out");
        }
        if (!Files.exists(o)) return;
        if (!Files.isDirectory(o)) throw InputException.in(out, "exists and is not a directory; choose another --out");
        try (Stream<Path> s = Files.list(o)) {
            if (s.findAny().isPresent()) {
                throw InputException.in(out, "exists and is not empty; refusing to overwrite it (choose another --out)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String codeVersion() {
        return org.gqa4j.core.BuildInfo.codeVersion();
    }

    private static void write(Path out, Checkpoint ck) {
        try {
            CheckpointIO.write(out, ck);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + out + ": " + e.getMessage(), e);
        }
    }
}
