package org.gqa4j.train;

import java.nio.file.Path;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.config.TrainingRecipe;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;

/**
 * A tiny training run, the same in this JVM and in a child JVM: the reliability tests' subject.
 * As a program: {@code TinyRun train OUT} trains (resuming OUT if it holds a run, as a user
 * would after a crash) and prints "done"; {@code TinyRun hold OUT} takes OUT's lock, prints
 * "locked" and sleeps.
 */
public final class TinyRun {

    static final long STEPS = 600;

    private TinyRun() {}

    static PreparedData data() {
        PriceSeries s = Datasets.load(Datasets.SYNTHETIC, Format.AUTO);
        return DataPrep.fit(s, null, 1, 16).apply(s);
    }

    static ModelConfig config(PreparedData d) {
        return new ModelConfig(d.prep().featureNames(), d.prep().targetNames(), 1, 16, 1, 4, 2, 32, 16, 0.1, 0, 5);
    }

    static TrainingRecipe recipe() {
        return TrainingRecipe.defaults().withSteps(STEPS).withBatchSize(4).withWarmup(10, 0.1)
                .withEvaluation(25, 32, 0).withCheckpointEvery(3);
    }

    static TrainResult train(Path out) {
        PreparedData d = data();
        if (RunDirectory.holdsRun(out)) return new Trainer(null).engine(EngineKind.VECTOR, 1).resume(out, d);
        return new Trainer(recipe()).engine(EngineKind.VECTOR, 1).trainNew(config(d), d, Datasets.SYNTHETIC, out);
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (RunLock lock = new RunDirectory(out).lock()) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(120_000);
            }
            return;
        }
        train(out);
        System.out.println("done");
    }
}
