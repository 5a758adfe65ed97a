package org.gqa4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.model.ModelFixtures;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    private static final String VALID = """
            {"features": ["log_return"], "targets": ["return"], "horizon": 1, "d_model": 32, "layers": 2,
             "n_heads": 8, "n_kv_heads": 2, "ffn_dim": 64, "context": 16, "dropout": 0.0, "seed": 1}""";

    @Test
    void jsonRoundTrip() {
        ModelConfig c = ModelFixtures.tiny(4, 2, 8);
        assertEquals(c, ConfigJson.parse("config.json", ConfigJson.toJson(c), ModelConfig.class));
        ModelConfig v = ConfigJson.parse("config.json", VALID, ModelConfig.class);
        assertEquals(4, v.groupSize());
        assertEquals(4, v.headDim());
        assertEquals(ModelConfig.DEFAULT_ROPE_THETA, v.ropeTheta());
    }

    @Test
    void kvCacheBytesFollowsTheFormula() {
        ModelConfig seed = new ModelConfig(List.of("a"), List.of("b"), 1, 256, 6, 8, 2, 1024, 1024, 0, 0, 1);
        assertEquals(12L * 1024 * 1024, seed.kvCacheBytes(4));
        assertEquals(48L * 1024 * 1024, seed.withKvHeads(8).kvCacheBytes(4));
        assertEquals(6L * 1024 * 1024, seed.withKvHeads(1).kvCacheBytes(4));
    }

    @Test
    void kvHeadsMustDivideHeads() {
        assertInvalid(VALID.replace("\"n_kv_heads\": 2", "\"n_kv_heads\": 3"), "n_kv_heads: 3 must divide n_heads (8)");
    }

    @Test
    void dModelMustDivideByHeads() {
        assertInvalid(VALID.replace("\"d_model\": 32", "\"d_model\": 36"), "d_model: 36 must be divisible by n_heads (8)");
    }

    @Test
    void sizesMustBePositive() {
        assertInvalid(VALID.replace("\"layers\": 2", "\"layers\": 0"), "n_layers: 0 must be a positive integer");
        assertInvalid(VALID.replace("\"context\": 16", "\"context\": -4"), "context: -4 must be a positive integer");
    }

    @Test
    void unknownFieldIsNamed() {
        assertInvalid(VALID.replace("\"seed\": 1", "\"seed\": 1, \"n_layer\": 4"), "unknown field 'n_layer'");
    }

    @Test
    void missingFieldIsNamed() {
        assertInvalid(VALID.replace("\"horizon\": 1, ", ""), "horizon");
    }

    @Test
    void dropoutRange() {
        assertInvalid(VALID.replace("\"dropout\": 0.0", "\"dropout\": 1.0"), "dropout: 1.0 must be in [0, 1)");
    }

    private static void assertInvalid(String json, String expected) {
        InputException e = assertThrows(InputException.class, () -> ConfigJson.parse("model.json", json, ModelConfig.class));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("model.json"), "names the file: " + e.getMessage());
    }
}
