package org.gqa4j.eval.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.GapPolicy;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.eval.metrics.Baseline;
import org.gqa4j.eval.metrics.Baselines;
import org.gqa4j.eval.metrics.ForecastSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report's repeat-last baseline on ETTh1 under the Time-Series-Library protocol (all 7
 * columns, L = 96, H = 96) is the figure the protocol gives: 1.2944 pooled normalized MSE.
 */
class Etth1BaselineTest {

    private static final Path ETTH1 = Path.of("../../shared/data/ETTh1.csv");

    @Test
    void repeatLastReproducesTheProtocol() {
        Assumptions.assumeTrue(Files.isRegularFile(ETTH1), "no " + ETTH1.toAbsolutePath());
        PriceSeries s = Datasets.load(ETTH1.toString(), Format.NUMERIC, GapPolicy.KEEP);
        List<String> columns = List.of("HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT");
        PreparedData data = DataPrep.fit(s, columns, 96, 96, new SplitSpec.TslibEttHour()).apply(s);
        assertEquals(2785, data.testPositions().length);
        // the truths and normalization the report scores models on; the predictions do not matter here
        ForecastSet f = TestForecasts.of(data, new float[data.testPositions().length][data.outputCount()]);
        Map<String, Baseline> b = Baselines.all(f, TestForecasts.lastObserved(data), TestForecasts.ar1(data));
        double last = b.get(Baselines.LAST_VALUE).mse();
        System.out.printf("ETTh1 h96 repeat-last test MSE %.5f (protocol 1.2944)%n", last);
        assertEquals(1.2944, last, 0.005 * 1.2944);
    }
}
