package org.gqa4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.junit.jupiter.api.Test;

class SameDiffEngineTest {

    @Test
    void nd4jConsoleNoiseDoesNotReachStdout() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ModelConfig c = ModelFixtures.tiny(2, 1, 4);
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try (SameDiffEngine e = new SameDiffEngine(c)) {
                ParamLayout layout = new ParamLayout(c);
                float[] x = ModelFixtures.randomInput(1, 4, c.nFeatures(), 1);
                float[] y = ModelFixtures.randomInput(1, 4, c.nOutputs(), 2);
                double loss = e.lossAndGradients(layout.fromWeights(ModelFixtures.randomWeights(c, 1)), x, y, 1, 0,
                        layout.zeros());
                assertTrue(loss > 0);
            }
        } finally {
            System.setOut(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
        assertTrue(System.out == saved, "System.out restored");
    }
}
