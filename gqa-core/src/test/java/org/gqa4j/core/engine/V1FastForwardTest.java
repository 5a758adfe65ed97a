package org.gqa4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.gqa4j.core.checkpoint.V1Fixture;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation forward pass (the vector engine) on the version-1 checkpoint fixture gives
 * bit-identical forecasts to the code before the architecture redesign. Its kernels sum in a
 * fixed order with a deterministic exp, so the bits depend only on the CPU's vector width: the
 * expected file was recorded with 16-lane (AVX-512) vectors, like the shared fixture's outputs.
 */
class V1FastForwardTest {

    @TempDir
    Path tmp;

    @Test
    void forecastsAreBitIdentical() {
        Weights w = V1Fixture.weights(tmp);
        float[] y = new FastForward(w).forward(V1Fixture.inputs(), V1Fixture.BATCH);
        assertArrayEquals(V1Fixture.expected("fastforward"), y, 0f);
    }
}
