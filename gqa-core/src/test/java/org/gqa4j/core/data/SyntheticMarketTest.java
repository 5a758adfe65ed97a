package org.gqa4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SyntheticMarketTest {

    private static final PriceSeries S = SyntheticMarket.generate(SyntheticMarket.DEFAULT_SEED, SyntheticMarket.DEFAULT_BARS);

    @Test
    void deterministicForASeed() {
        PriceSeries again = SyntheticMarket.generate(SyntheticMarket.DEFAULT_SEED, SyntheticMarket.DEFAULT_BARS);
        assertEquals(S.bars(), again.bars());
        assertEquals(S.fingerprint(), again.fingerprint());
        assertEquals(S.fingerprint(), Datasets.builtIn("synthetic").fingerprint());
        assertNotEquals(S.fingerprint(), SyntheticMarket.generate(43, SyntheticMarket.DEFAULT_BARS).fingerprint());
    }

    @Test
    void barsAreConsistentOneMinuteBars() {
        Path where = Path.of(S.source());
        for (int i = 0; i < S.size(); i++) {
            SeriesChecks.checkBar(where, i, S.bars().get(i)); // positive, low <= open, close <= high
            assertEquals(SyntheticMarket.START_MILLIS + 60_000L * i, S.time(i));
            if (i > 0) {
                assertEquals(S.bars().get(i - 1).close(), S.bars().get(i).open());
            }
        }
    }

    @Test
    void hasTheStatedStructure() {
        double[] r = new double[S.size() - 1];
        double[] absR = new double[r.length];
        double[] range = new double[r.length];
        double[] logVol = new double[r.length];
        for (int i = 1; i < S.size(); i++) {
            Bar b = S.bars().get(i);
            r[i - 1] = Math.log(b.close() / S.bars().get(i - 1).close());
            absR[i - 1] = Math.abs(r[i - 1]);
            range[i - 1] = Math.log(b.high() / b.low());
            logVol[i - 1] = Math.log(b.volume());
        }
        double ac1 = autocorrelation(r, 1);
        assertTrue(ac1 > 0.10 && ac1 < 0.20, "lag-1 autocorrelation of returns near 0.15: " + ac1);
        assertTrue(Math.abs(autocorrelation(r, 5)) < 0.05, "AR(1): lag 5 is small: " + autocorrelation(r, 5));
        for (int lag : new int[] {1, 5, 20}) { // volatility clustering
            assertTrue(autocorrelation(absR, lag) > 0.15, "|r| lag " + lag + ": " + autocorrelation(absR, lag));
        }
        assertTrue(correlation(absR, range) > 0.3, "range follows volatility");
        assertTrue(correlation(absR, logVol) > 0.2, "volume rises with volatility");
    }

    static double autocorrelation(double[] x, int lag) {
        return correlation(java.util.Arrays.copyOfRange(x, lag, x.length), java.util.Arrays.copyOfRange(x, 0, x.length - lag));
    }

    static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
