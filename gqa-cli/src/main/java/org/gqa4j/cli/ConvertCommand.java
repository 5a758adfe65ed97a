package org.gqa4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gqa4j.convert.ConversionJob;
import org.gqa4j.convert.ConversionMethods;
import org.gqa4j.convert.Uptraining;
import org.gqa4j.core.InputException;
import org.gqa4j.train.ConsoleProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a checkpoint to fewer key/value heads (GQA; MQA with --kv-heads 1).",
                "The result is then uptrained for a fraction of the parent's training steps with the parent's "
                        + "recipe and data."})
final class ConvertCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "CKPT", description = "the parent checkpoint (MHA or GQA)")
    Path from;

    @Option(names = "--kv-heads", required = true, paramLabel = "G", description = "KV heads of the result; must divide the parent's")
    int kvHeads;

    @Option(names = "--method", defaultValue = ConversionMethods.MEAN, paramLabel = "M",
            description = {"mean | first | random | aligned | regroup-mean | regroup-aligned (default ${DEFAULT-VALUE})",
                    "mean: average the K/V heads of each group (Ainslie et al. 2023); first, random: the paper's ablations;",
                    "data-aware (calibrated on train windows): aligned fits a shared head per group and folds the",
                    "per-head maps into the queries and output projection; regroup-* first groups similar heads."})
    String method;

    @Option(names = "--uptrain", paramLabel = "ALPHA",
            description = "uptraining steps as a fraction of the parent's (default 0.05; 0: none)")
    Double alpha;

    @Option(names = "--uptrain-steps", paramLabel = "N",
            description = "uptrain for N updates instead (for a parent whose step count is unknown, e.g. an imported model; needs --data)")
    Long uptrainSteps;

    @Option(names = "--distill", paramLabel = "W",
            description = {"uptraining targets = (1 - W) x the data + W x the parent's forecasts (distillation; W in [0, 1];",
                    "default: the parent recipe's uptrain_distill, 0 if it has none); each update then costs one parent forward more"})
    Double distill;

    @Option(names = "--data", paramLabel = "D", description = "data for calibration and uptraining (default: the parent's dataset); A,B,C: a multi-series parent's series, in order")
    String data;

    @Option(names = "--seed", defaultValue = "1", description = "seed of 'random' and of uptraining's batch order (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "CKPT2", description = "the new checkpoint (must not exist)")
    Path out;

    @Override
    public Integer call() {
        if (alpha != null && uptrainSteps != null) throw new InputException("give --uptrain ALPHA or --uptrain-steps N, not both");
        double a = alpha != null ? alpha : uptrainSteps != null ? 0 : Uptraining.DEFAULT_ALPHA;
        ConversionJob.Result r = ConversionJob.run(from, kvHeads, method, a, uptrainSteps, distill, data, out, seed,
                Cli::progress, ConsoleProgress.auto().withoutSummary());
        System.out.println(String.format(java.util.Locale.ROOT, "wrote %s: %d KV heads by %s, ", r.out(), kvHeads, method)
                + (r.uptrainSteps() == 0 ? "not uptrained"
                : String.format(java.util.Locale.ROOT, "uptrained %d steps (best validation loss %.5f)", r.uptrainSteps(), r.valLoss())));
        return 0;
    }
}
