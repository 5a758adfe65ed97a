package org.gqa4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EtaTest {

    /**
     * A run of 1 s updates with a validation of 20 s every 10 updates, read every 10 updates
     * (as plain progress lines are): after the first validations, each estimate is within 5 % of
     * the run's length of the time really left, and the finish time it predicts moves by less than 5 % of the
     * run from one line to the next; the pace of the latest updates alone would swing by a
     * factor of 3.
     */
    @Test
    void staysCloseToTheTimeLeftThroughValidations() {
        long total = 200;
        double[] endAt = new double[(int) total + 1];
        double clock = 0;
        for (int s = 1; s <= total; s++) {
            clock += 1.0 + (s % 10 == 0 ? 20.0 : 0.0);
            endAt[s] = clock;
        }
        Eta eta = new Eta();
        double previousFinish = Double.NaN;
        for (int s = 1; s <= total; s++) {
            eta.update(s, (long) (endAt[s] * 1e9));
            double left = eta.secondsLeft(s, total);
            if (s < Eta.WARMUP + 1) {
                assertTrue(Double.isNaN(left), "no estimate during the warm-up");
                continue;
            }
            if (s % 10 != 5 || s < 25) continue;
            double truth = endAt[(int) total] - endAt[s];
            assertTrue(Math.abs(left - truth) < 0.05 * endAt[(int) total], "step " + s + ": estimate " + left + " vs " + truth);
            double finish = endAt[s] + left;
            if (!Double.isNaN(previousFinish)) {
                assertTrue(Math.abs(finish - previousFinish) < 0.05 * endAt[(int) total],
                        "step " + s + ": predicted finish " + previousFinish + " -> " + finish);
            }
            previousFinish = finish;
        }
        assertEquals(0.0, eta.secondsLeft(total, total));
    }
}
