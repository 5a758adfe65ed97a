package org.gqa4j.eval.suite;

import java.nio.file.Path;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.eval.metrics.ForecastSet;

/** One checkpoint under evaluation: where it lives, its identity, its data and its test forecasts. */
record EvaluatedModel(
        String name,
        Path path,
        String sha256,
        Checkpoint checkpoint,
        DataPrep prep,
        PreparedData data,
        ForecastSet forecasts) {}
