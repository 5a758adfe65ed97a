package org.gqa4j.train;

import org.gqa4j.core.config.TrainingRecipe;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.checkpoint.TrainerState;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.engine.ModelEngine;
import org.gqa4j.core.engine.ParamLayout;

/**
 * Trains a model on prepared data: AdamW over the engine's gradients, global-norm clipping,
 * linear warmup then cosine decay, random training windows, validation every
 * {@code eval_every} updates, early stopping with patience, the best model and a resumable
 * checkpoint in the run directory (layout: {@link RunDirectory}), a JSON-lines log, and a
 * NaN/Inf guard.
 *
 * <p>Determinism: the windows of update s are drawn by a counter-based generator from
 * (seed, s), dropout masks likewise, the engine sums in a fixed order and the optimizer state
 * is saved exactly; so N updates, a stop, and a resume to 2N give the same weights, bit for
 * bit, as 2N updates straight (same machine, same engine).
 *
 * <p>Validation loss: the mean squared error of the forecast at each of a fixed set of
 * validation positions (evenly spaced over the validation split, at most
 * {@code eval_positions}), each made from the window of {@code context} bars ending there: the
 * last output row, as the evaluation module forecasts. It is in normalized units, like the
 * training loss, which is the MSE over every position of the training windows.
 *
 * <pre>
 * TrainResult r = new Trainer(recipe).listener(ConsoleProgress.auto())
 *         .trainNew(config, data, "synthetic", Path.of("runs/m1"));       // a new model
 * new Trainer(recipe.forBudget(50)).provenance(base)
 *         .train(convertedWeights, data, "synthetic", out);                // continue given weights
 * new Trainer(null).resume(Path.of("runs/m1"), data);                      // continue a stopped run
 * </pre>
 */
public final class Trainer {

    /** Prefix of the best-so-far weights inside the resumable checkpoint's optimizer tensors. */
    static final String BEST_PREFIX = "best.";

    private final TrainingRecipe recipe;
    private ProgressListener listener = ProgressListener.NONE;
    private EngineKind engineKind = EngineKind.VECTOR;
    private int threads = EngineKind.defaultThreads();
    private Provenance base;
    private Distillation distillation;
    private volatile boolean stopRequested;
    private final Object sessionLock = new Object();
    private boolean sessionRunning;

    /** A trainer for this recipe; for {@link #resume} it may be null (the run's own recipe is used). */
    public Trainer(TrainingRecipe recipe) {
        this.recipe = recipe;
    }

    public Trainer listener(ProgressListener l) {
        this.listener = l == null ? ProgressListener.NONE : l;
        return this;
    }

    /** Which engine computes gradients, and its threads (< 1: all available cores). */
    public Trainer engine(EngineKind kind, int threadCount) {
        this.engineKind = kind;
        this.threads = threadCount < 1 ? EngineKind.defaultThreads() : threadCount;
        return this;
    }

    /**
     * Provenance to build on, e.g. a converted model's parent and conversion: the trained
     * model keeps its parent, conversion and code version, and its steps count on from base's.
     */
    public Trainer provenance(Provenance baseProvenance) {
        this.base = baseProvenance;
        return this;
    }

    /**
     * Trains towards a teacher's forecasts ({@link Distillation}): each target becomes
     * {@code (1 - weight) x the data + weight x teacher's forecast} of the same window. Weight 0
     * (or a null teacher) trains on the data alone. For {@link #train}; a resumed run does not
     * record its teacher, so {@link #resume} refuses a trainer that has one.
     */
    public Trainer teacher(Weights teacherWeights, double weight) {
        if (!(weight >= 0 && weight <= 1)) throw new InputException("distillation weight " + weight + ": must be in [0, 1]");
        this.distillation = teacherWeights == null || weight == 0 ? null : new Distillation(teacherWeights, weight);
        return this;
    }

    /** Asks a running session to stop after the current update, writing a resumable checkpoint. Thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * {@link #requestStop()}, then waits until the session has written its checkpoint and ended
     * (or the timeout passed). For a JVM shutdown hook (Ctrl-C): the JVM halts as soon as its
     * hooks return, so a hook that only requested the stop would lose the checkpoint.
     *
     * @return true if no session is running any more
     */
    public boolean requestStopAndWait(long timeoutMillis) {
        requestStop();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (sessionLock) {
            while (sessionRunning) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) return false;
                try {
                    sessionLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void sessionRunning(boolean running) {
        synchronized (sessionLock) {
            sessionRunning = running;
            sessionLock.notifyAll();
        }
    }

    /**
     * Fails with an {@link InputException} unless {@code out} can take a new run (missing, or an
     * empty directory): what {@link #train} checks first, for callers that check before any work.
     */
    public static void checkNewRun(Path out) {
        new RunDirectory(out).checkFresh();
    }

    /** Trains a new model with weights initialized from {@code config} (its seed). */
    public TrainResult trainNew(ModelConfig config, PreparedData data, String dataset, Path out) {
        return train(Weights.init(config), data, dataset, out);
    }

    /**
     * Trains from the given weights (a new model's initial weights, or a converted model to
     * uptrain) for the recipe's steps. {@code out} is the run directory (missing or empty), or
     * null to keep everything in memory.
     */
    public TrainResult train(Weights initial, PreparedData data, String dataset, Path out) {
        if (recipe == null) throw new IllegalStateException("a new run needs a recipe");
        stopRequested = false;
        checkData(initial.config(), data);
        if (distillation != null) checkTeacher(initial.config(), distillation.teacher().config());
        RunDirectory dir = out == null ? null : new RunDirectory(out);
        sessionRunning(true); // until the lock is released too: a waiter may then use the directory
        try (RunLock lock = dir == null ? null : dir.lock()) {
            if (dir != null) dir.checkFresh();
            Run run = new Run(recipe, initial.config(), data, dataset, dir, base);
            run.params = run.layout.fromWeights(initial);
            run.bestParams = null;
            return run.execute(true);
        } finally {
            sessionRunning(false);
        }
    }

    /**
     * Continues the run in {@code out} from its last checkpoint: weights, optimizer moments,
     * step, best-so-far and patience, on the same data (its fingerprint is checked).
     * Resuming a finished run just republishes its model.
     */
    public TrainResult resume(Path out, PreparedData data) {
        if (distillation != null) throw new IllegalStateException("a resumed run does not record a teacher; resume without one");
        stopRequested = false;
        RunDirectory dir = new RunDirectory(out);
        if (!java.nio.file.Files.isDirectory(dir.root())) {
            throw InputException.in(dir.root(), "holds no training run to resume (no such directory)");
        }
        sessionRunning(true);
        try (RunLock lock = dir.lock()) {
            return resumeLocked(dir, data);
        } finally {
            sessionRunning(false);
        }
    }

    private TrainResult resumeLocked(RunDirectory dir, PreparedData data) {
        if (!RunDirectory.holdsRun(dir.root())) {
            throw InputException.in(dir.root(), "holds no training run to resume (no " + RunDirectory.TRAIN_DIR + "/last)"
                    + "; a start killed before its first checkpoint is started again without --resume");
        }
        dir.checkPublished();
        Checkpoint last = CheckpointIO.read(dir.last());
        TrainerState st = readState(dir.last(), last);
        TrainingRecipe runRecipe = st.recipe();
        if (recipe != null && !recipe.equals(runRecipe)) {
            throw InputException.in(dir.root(), "the run was started with another recipe; resume continues the same run ("
                    + "run: " + ConfigJson.toJson(runRecipe).replaceAll("\\s+", "") + ")");
        }
        if (!st.dataFingerprint().equals(data.fingerprint())) {
            throw InputException.in(dir.root(), "the data differ from the run's (fingerprint " + data.fingerprint()
                    + ", the run trained on " + st.dataFingerprint() + " from " + st.dataset() + ")");
        }
        if (!st.engine().equals(engineKind.id())) {
            throw InputException.in(dir.root(), "the run used the " + st.engine() + " engine, not " + engineKind.id());
        }
        checkData(last.config(), data);
        Run run = new Run(runRecipe, last.config(), data, st.dataset(), dir, st.base());
        run.restore(last, st);
        if (st.bestValLoss() != null) run.bestParams = run.layout.fromMap(BEST_PREFIX, last.optimizerState());
        boolean finished = !TrainerState.RUNNING.equals(st.status()) && !TrainerState.INTERRUPTED.equals(st.status());
        return run.execute(!finished);
    }

    /** What a run directory holds, for reloading its data before {@link #resume}. */
    public record RunInfo(String dataset, String dataFingerprint, DataPrep dataPrep, ModelConfig config,
                          TrainingRecipe recipe, long step, String status, String engine,
                          java.util.List<org.gqa4j.core.data.SeriesPrep> series) {}

    public static RunInfo inspectRun(Path out) {
        RunDirectory dir = new RunDirectory(out);
        if (!java.nio.file.Files.isDirectory(dir.root())) {
            throw InputException.in(dir.root(), "holds no training run (no such directory)");
        }
        try (RunLock lock = dir.lock()) {
            return inspectLocked(dir);
        }
    }

    private static RunInfo inspectLocked(RunDirectory dir) {
        if (!RunDirectory.holdsRun(dir.root())) {
            throw InputException.in(dir.root(), "holds no training run (no " + RunDirectory.TRAIN_DIR + "/last)");
        }
        Checkpoint last = CheckpointIO.read(dir.last());
        TrainerState st = readState(dir.last(), last);
        return new RunInfo(st.dataset(), st.dataFingerprint(), last.dataPrep(), last.config(), st.recipe(),
                st.step(), st.status(), st.engine(), last.series());
    }

    private static TrainerState readState(Path where, Checkpoint ck) {
        if (ck.trainerState() == null || ck.optimizerState() == null) {
            throw InputException.in(where, "has no trainer state or optimizer state; it is not a resumable checkpoint");
        }
        TrainerState st = ck.trainerState();
        if (st.version() != TrainerState.VERSION) {
            throw InputException.in(where, "trainer state version " + st.version() + " is not " + TrainerState.VERSION);
        }
        if (st.recipe() == null) throw InputException.in(where, "trainer state has no recipe");
        return st;
    }

    private static void checkData(ModelConfig c, PreparedData data) {
        if (c.context() != data.context() || c.nFeatures() != data.featureCount() || c.nOutputs() != data.outputCount()) {
            throw new InputException("the data are prepared for context " + data.context() + ", " + data.featureCount()
                    + " features and " + data.outputCount() + " outputs, but the model has context " + c.context() + ", "
                    + c.nFeatures() + " features and " + c.nOutputs() + " outputs");
        }
        if (data.trainWindowStarts().length == 0) {
            throw new InputException("the training split has no window of " + data.context() + " bars");
        }
        if (data.valPositions().length == 0) throw new InputException("the validation split is empty");
    }

    private static void checkTeacher(ModelConfig student, ModelConfig teacher) {
        if (student.context() != teacher.context() || student.nFeatures() != teacher.nFeatures()
                || student.nOutputs() != teacher.nOutputs() || student.patchLen() != teacher.patchLen()) {
            throw new InputException("the teacher reads or forecasts other bars than the model it teaches (context "
                    + teacher.context() + " vs " + student.context() + ", features " + teacher.nFeatures() + " vs "
                    + student.nFeatures() + ", outputs " + teacher.nOutputs() + " vs " + student.nOutputs()
                    + ", patch " + teacher.patchLen() + " vs " + student.patchLen() + ")");
        }
    }

    /** One session of one run: all mutable training state in one place. */
    private final class Run {
        final TrainingRecipe r;
        final ModelConfig config;
        final PreparedData data;
        final String dataset;
        final RunDirectory dir;
        final Provenance baseProv;
        final ParamLayout layout;
        final AdamW adam;
        final LrSchedule schedule;
        final int[] valPositions;
        float[][] params;
        float[][] bestParams;
        long step;
        Double bestVal;
        long bestStep;
        Double bestTrainLoss;
        int evalsSinceBest;
        Double lastVal;
        double logLossSum, evalLossSum;
        long logLossCount, evalLossCount;
        double elapsedBefore;
        String status = TrainerState.RUNNING;

        Run(TrainingRecipe r, ModelConfig config, PreparedData data, String dataset, RunDirectory dir, Provenance baseProv) {
            this.r = r;
            this.config = config;
            this.data = data;
            this.dataset = dataset;
            this.dir = dir;
            this.baseProv = baseProv;
            this.layout = new ParamLayout(config);
            this.adam = AdamW.of(layout, r);
            this.schedule = LrSchedule.of(r);
            this.valPositions = Validation.positions(data.valPositions(), r.evalPositions());
        }

        void restore(Checkpoint last, TrainerState st) {
            params = layout.fromWeights(last.weights());
            adam.restore(last.optimizerState(), st.step());
            step = st.step();
            bestVal = st.bestValLoss();
            bestStep = st.bestStep();
            bestTrainLoss = st.bestTrainLoss();
            evalsSinceBest = st.evalsSinceBest();
            lastVal = st.lastValLoss();
            logLossSum = st.logLossSum();
            logLossCount = st.logLossCount();
            evalLossSum = st.evalLossSum();
            evalLossCount = st.evalLossCount();
            elapsedBefore = st.elapsedSeconds();
            status = st.status();
        }

        TrainResult execute(boolean train) {
            return executeSession(train); // the caller marks the session running, lock included
        }

        private TrainResult executeSession(boolean train) {
            long t0 = System.nanoTime();
            try (ModelEngine engine = engineKind.create(config, threads);
                 ModelEngine teacherEngine = distillation == null ? null : engineKind.create(distillation.teacher().config(), threads);
                 BufferedWriter log = dir == null ? null : dir.openLog(step)) {
                if (train) {
                    status = TrainerState.RUNNING;
                    if (dir != null && step == 0) dir.writeLast(lastCheckpoint(t0)); // always something to resume
                    loop(engine, teacherEngine, log, t0);
                }
                TrainResult result = finish(t0);
                listener.finished(summary(result));
                return result;
            } catch (IOException e) {
                throw new UncheckedIOException("writing the run directory " + (dir == null ? "" : dir.root()) + ": "
                        + e.getMessage(), e);
            } catch (TrainingDivergedException e) {
                listener.finished(e.getMessage());
                throw e;
            }
        }

        private void loop(ModelEngine engine, ModelEngine teacherEngine, BufferedWriter log, long t0) throws IOException {
            int b = r.batchSize();
            int[] starts = data.trainWindowStarts();
            int[] batch = new int[b];
            float[] x = new float[b * config.context() * config.nFeatures()];
            float[] y = new float[b * config.context() * config.nOutputs()];
            float[][] grads = layout.zeros();
            listener.started(step, r.steps());
            long windowStart = System.nanoTime();
            long windowUpdates = 0;
            double barsPerS = Double.NaN;
            Eta eta = new Eta();
            float[][] teacherParams = teacherEngine == null ? null : distillation.params();
            while (step < r.steps()) {
                long s = step; // 0-based index of this update
                Batches.draw(r.seed(), s, starts, batch);
                data.fillTrainBatch(batch, x, y);
                if (teacherEngine != null) {
                    Distillation.blend(y, teacherEngine.forward(teacherParams, x, b), b, config.context(), config.nOutputs(),
                            distillation.weight());
                }
                double loss = engine.lossAndGradients(params, x, y, b, Batches.dropoutSeed(r.seed(), s), grads);
                double norm = AdamW.clipGlobalNorm(grads, r.gradClip());
                double lr = schedule.at(s);
                if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                    throw diverged(s + 1, (Double.isFinite(loss) ? "the gradient norm is " + norm : "the loss is " + loss)
                            + " (loss " + loss + ", gradient norm " + norm + ", learning rate " + fmt(lr) + ")");
                }
                adam.step(params, grads, lr);
                if (!allFinite(params)) {
                    throw diverged(s + 1, "a weight became non-finite (loss " + loss + ", gradient norm " + norm
                            + ", learning rate " + fmt(lr) + ")");
                }
                step = s + 1;
                logLossSum += loss;
                logLossCount++;
                evalLossSum += loss;
                evalLossCount++;
                windowUpdates++;

                boolean end = step == r.steps();
                boolean logNow = step % r.logEvery() == 0 || end;
                boolean evalNow = step % r.evalEvery() == 0 || end;
                Map<String, Object> line = new LinkedHashMap<>();
                if (logNow || evalNow) {
                    long now = System.nanoTime();
                    barsPerS = windowUpdates * (double) b * config.context() / ((now - windowStart) / 1e9);
                    line.put("step", step);
                    line.put("loss", logLossSum / Math.max(1, logLossCount));
                    line.put("lr", lr);
                    line.put("grad_norm", norm);
                    line.put("bars_per_s", Math.round(barsPerS));
                    logLossSum = 0;
                    logLossCount = 0;
                }
                boolean stopEarly = false;
                if (evalNow) {
                    float[][] valForecasts = Validation.forecasts(engine, params, data, valPositions, b);
                    double val = Validation.mse(valForecasts, data, valPositions);
                    double trainLoss = evalLossSum / Math.max(1, evalLossCount);
                    evalLossSum = 0;
                    evalLossCount = 0;
                    lastVal = val;
                    boolean best = Double.isFinite(val) && (bestVal == null || val < bestVal);
                    if (best) {
                        bestVal = val;
                        bestStep = step;
                        bestTrainLoss = trainLoss;
                        evalsSinceBest = 0;
                        bestParams = copy(params);
                        if (dir != null) dir.writeBest(modelCheckpoint(bestParams, bestStep, t0));
                    } else {
                        evalsSinceBest++;
                        stopEarly = r.patience() > 0 && evalsSinceBest >= r.patience() && !end;
                    }
                    line.put("val_loss", val);
                    line.put("best_val_loss", bestVal);
                    if (data.series() != null) line.put("val_loss_series", perSeries(valForecasts));
                    listener.evaluated(step, val, best);
                    if (!Double.isFinite(val)) {
                        throw diverged(step, "the validation loss is " + val);
                    }
                }
                if (!line.isEmpty()) {
                    line.put("elapsed_s", Math.round(elapsed(t0) * 1000) / 1000.0);
                    if (log != null) {
                        log.write(RunDirectory.jsonLine(line));
                        log.newLine();
                        log.flush();
                    }
                }
                eta.update(step, System.nanoTime());
                // early stopping ends the run here: its total is the step reached, so the bar ends full
                long total = stopEarly ? step : r.steps();
                listener.update(new ProgressListener.Progress(step, total, loss(line, loss), nan(lastVal), nan(bestVal),
                        lr, norm, barsPerS, elapsed(t0), eta.secondsLeft(step, total)));
                if (stopEarly) status = TrainerState.EARLY_STOPPED;
                else if (end) status = TrainerState.COMPLETED;
                else if (stopRequested) status = TrainerState.INTERRUPTED;
                boolean leaving = !TrainerState.RUNNING.equals(status);
                if (dir != null && (step % r.checkpointEvery() == 0 || leaving)) dir.writeLast(lastCheckpoint(t0));
                if (logNow || evalNow) {
                    windowStart = System.nanoTime();
                    windowUpdates = 0;
                }
                if (leaving) break;
            }
        }

        private double loss(Map<String, Object> line, double latest) {
            Object l = line.get("loss");
            return l instanceof Double d ? d : latest;
        }

        private TrainResult finish(long t0) throws IOException {
            Checkpoint model;
            if (bestParams == null) {
                // interrupted before the first evaluation: nothing to publish yet, the current weights are all there is
                model = modelCheckpoint(params, step, t0);
            } else {
                model = modelCheckpoint(bestParams, bestStep, t0);
                if (dir != null) dir.writeBest(model);
            }
            TrainResult.Status st = switch (status) {
                case TrainerState.EARLY_STOPPED -> TrainResult.Status.EARLY_STOPPED;
                case TrainerState.INTERRUPTED -> TrainResult.Status.INTERRUPTED;
                default -> TrainResult.Status.COMPLETED;
            };
            return new TrainResult(model, layout.toWeights(params), st, step, bestStep, bestVal == null ? Double.NaN : bestVal,
                    bestTrainLoss == null ? Double.NaN : bestTrainLoss, dir == null ? null : dir.root());
        }

        private String summary(TrainResult res) {
            return res.describe(r.steps(), r.patience(), dir == null ? null : dir.root().toString());
        }

        private TrainingDivergedException diverged(long atStep, String what) {
            Path lastGood = dir == null ? null : dir.last();
            String keep = dir == null ? "" : "; the last good checkpoint " + lastGood + " is intact"
                    + (bestVal == null ? "" : " and the best model so far (step " + bestStep + ") is at " + dir.root());
            return new TrainingDivergedException("training diverged at step " + atStep + ": " + what + keep
                    + "; lower learning_rate (" + fmt(r.learningRate()) + ") or grad_clip and train again", atStep, lastGood);
        }

        private double elapsed(long t0) {
            return elapsedBefore + (System.nanoTime() - t0) / 1e9;
        }

        /** A multi-series run's validation loss of each series (the pooled one weighs them by their positions). */
        private Map<String, Double> perSeries(float[][] forecasts) {
            Map<String, Double> out = new LinkedHashMap<>();
            for (int k = 0; k < data.series().size(); k++) {
                java.util.List<Integer> at = new java.util.ArrayList<>();
                for (int i = 0; i < valPositions.length; i++) if (data.seriesIndex(valPositions[i]) == k) at.add(i);
                int[] positions = new int[at.size()];
                float[][] f = new float[at.size()][];
                for (int i = 0; i < positions.length; i++) {
                    positions[i] = valPositions[at.get(i)];
                    f[i] = forecasts[at.get(i)];
                }
                out.put(data.series().get(k).name(), Validation.mse(f, data, positions));
            }
            return out;
        }

        private Checkpoint modelCheckpoint(float[][] p, long atStep, long t0) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (bestVal != null) metrics.put("val_loss", bestVal);
            if (bestTrainLoss != null) metrics.put("train_loss", bestTrainLoss);
            metrics.put("best_step", (double) bestStep);
            metrics.put("steps_run", (double) step);
            metrics.put("train_seconds", Math.round(elapsed(t0) * 10) / 10.0);
            return new Checkpoint(layout.toWeights(p), data.prep(), provenance(atStep, metrics), null, null, data.series());
        }

        private Checkpoint lastCheckpoint(long t0) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (lastVal != null) metrics.put("val_loss", lastVal);
            TrainerState st = new TrainerState(TrainerState.VERSION, status, step, r, engineKind.id(), dataset,
                    data.fingerprint(), bestVal, bestStep, bestTrainLoss, evalsSinceBest, lastVal, logLossSum,
                    logLossCount, evalLossSum, evalLossCount, elapsed(t0), baseProv);
            // the best weights ride along, so the resumable state is self-contained even if .train/best is newer
            Map<String, float[]> state = adam.state();
            if (bestParams != null) state.putAll(layout.toMap(BEST_PREFIX, bestParams));
            return new Checkpoint(layout.toWeights(params), data.prep(), provenance(step, metrics), state, st, data.series());
        }

        private Provenance provenance(long atStep, Map<String, Double> metrics) {
            long baseSteps = baseProv == null ? 0 : baseProv.steps();
            String code = baseProv != null && baseProv.codeVersion() != null ? baseProv.codeVersion() : codeVersion();
            return new Provenance(Instant.now().toString(), code, dataset, data.fingerprint(), baseSteps + atStep,
                    r.seed(), r, baseProv == null ? null : baseProv.parent(),
                    baseProv == null ? null : baseProv.conversion(), metrics);
        }

    }

    private static String codeVersion() {
        return org.gqa4j.core.BuildInfo.codeVersion();
    }

    private static boolean allFinite(float[][] p) {
        for (float[] a : p) for (float v : a) if (!Float.isFinite(v)) return false;
        return true;
    }

    private static float[][] copy(float[][] p) {
        List<float[]> out = new ArrayList<>(p.length);
        for (float[] a : p) out.add(a.clone());
        return out.toArray(new float[0][]);
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
