package org.gqa4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.engine.ParamLayout;
import org.junit.jupiter.api.Test;

/** Schedule, clipping and AdamW against numbers worked out by hand. */
class OptimizerTest {

    @Test
    void warmupRisesLinearlyThenCosineEndsExactlyAtTheMinimum() {
        LrSchedule s = new LrSchedule(1e-3, 4, 0.1, 10);
        assertEquals(2.5e-4, s.at(0), 1e-18);
        assertEquals(5.0e-4, s.at(1), 1e-18);
        assertEquals(1.0e-3, s.at(3), 1e-18);
        assertEquals(1.0e-3, s.at(4), 1e-18, "the cosine starts at the peak");
        assertEquals(1.0e-4, s.at(9), 0.0, "the last update runs at peak * min_lr_ratio");
        for (int i = 5; i < 10; i++) assertTrue(s.at(i) < s.at(i - 1), "decreasing after warmup");
        // steps 7, warmup 2: update 4 is halfway through the cosine
        assertEquals(5.5e-4, new LrSchedule(1e-3, 2, 0.1, 7).at(4), 1e-15);
        assertEquals(0.0, new LrSchedule(1e-3, 0, 0.0, 3).at(2), 0.0);
        assertEquals(1e-3, new LrSchedule(1e-3, 0, 0.0, 3).at(0), 0.0, "no warmup: starts at the peak");
    }

    @Test
    void clippingBoundsTheGlobalNorm() {
        float[][] g = {{3f, 0f}, {4f}};
        double before = AdamW.clipGlobalNorm(g, 1.0);
        assertEquals(5.0, before, 1e-12);
        double after = AdamW.globalNorm(g);
        assertTrue(after <= 1.0, "norm after clipping " + after);
        assertEquals(1.0, after, 1e-6);
        assertEquals(0.6f, g[0][0], 1e-6f, "direction kept");
        assertEquals(0.8f, g[1][0], 1e-6f);

        float[][] small = {{0.3f}, {0.4f}};
        assertEquals(0.5, AdamW.clipGlobalNorm(small, 1.0), 1e-7);
        assertEquals(0.3f, small[0][0], 0f, "below the bound: untouched");
        float[][] off = {{30f}, {40f}};
        AdamW.clipGlobalNorm(off, 0.0);
        assertEquals(30f, off[0][0], 0f, "0 turns clipping off");
    }

    @Test
    void adamWMatchesAHandComputation() {
        ParamLayout layout = new ParamLayout(ModelFixtures.tiny(2, 2, 4));
        int matrix = layout.indexOf("embed.w");
        int bias = layout.indexOf("embed.b");
        float[][] p = layout.zeros();
        float[][] g = layout.zeros();
        p[matrix][0] = 0.5f;
        p[bias][0] = 0.5f;
        AdamW adam = new AdamW(layout, 0.9, 0.999, 1e-8, 0.01);
        // update 1: m = 0.02, v = 4e-5, m^ = 0.2, v^ = 0.04: p = 0.5 - 0.1 (0.2 / (0.2 + 1e-8) + 0.01 * 0.5)
        g[matrix][0] = 0.2f;
        g[bias][0] = 0.2f;
        adam.step(p, g, 0.1);
        assertEquals(0.399500005, p[matrix][0], 1e-7);
        assertEquals(0.400000005, p[bias][0], 1e-7, "no weight decay on biases");
        // update 2 with g = -0.1: m = 0.008, v = 4.996e-5, m^ = 0.008 / 0.19, v^ = 4.996e-5 / 0.001999
        g[matrix][0] = -0.1f;
        g[bias][0] = -0.1f;
        adam.step(p, g, 0.1);
        assertEquals(0.3724668027, p[matrix][0], 1e-7);
        assertEquals(0.3733663027, p[bias][0], 1e-7);
        assertEquals(0f, p[matrix][1], 0f, "zero gradient, zero weight: unchanged");
        assertEquals(2, adam.updates());

        // state round trip: a restored optimizer continues identically
        AdamW copy = new AdamW(layout, 0.9, 0.999, 1e-8, 0.01);
        copy.restore(adam.state(), adam.updates());
        float[][] p2 = new float[p.length][];
        for (int i = 0; i < p.length; i++) p2[i] = p[i].clone();
        adam.step(p, g, 0.05);
        copy.step(p2, g, 0.05);
        assertEquals(p[matrix][0], p2[matrix][0], 0f);
        assertEquals(p[bias][0], p2[bias][0], 0f);
    }
}
