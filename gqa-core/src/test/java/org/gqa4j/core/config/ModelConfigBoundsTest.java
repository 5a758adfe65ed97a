package org.gqa4j.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gqa4j.core.InputException;
import org.gqa4j.core.model.ModelFixtures;
import org.junit.jupiter.api.Test;

/** Absurd sizes in a configuration fail at once, naming the field and its limit. */
class ModelConfigBoundsTest {

    @Test
    void everySizeHasAnUpperBound() {
        check("layers", 2_000_000_000L, "is larger than the limit " + ModelConfig.MAX_LAYERS);
        check("d_model", 1L << 30, "is larger than the limit");
        check("context", 2_000_000_000L, "is larger than the limit " + ModelConfig.MAX_CONTEXT);
        check("ffn_dim", 1L << 30, "is larger than the limit");
        check("horizon", 1_000_000L, "is larger than the limit");
    }

    @Test
    void matricesMustFitAJavaArray() {
        ObjectNode c = config();
        c.put("d_model", 65_536).put("n_heads", 4).put("n_kv_heads", 4).put("ffn_dim", 1 << 20);
        InputException e = assertThrows(InputException.class, () -> ConfigJson.parse("c.json", c.toString(), ModelConfig.class));
        assertTrue(e.getMessage().contains("d_model x ffn_dim"), e.getMessage());
    }

    private static void check(String field, long value, String expected) {
        ObjectNode c = config();
        // the layer count's field name may differ between versions; set whichever the config has
        String name = field.equals("layers") && !c.has("layers") ? "n_layers" : field;
        c.put(name, value);
        InputException e = assertThrows(InputException.class, () -> ConfigJson.parse("c.json", c.toString(), ModelConfig.class));
        assertTrue(e.getMessage().contains(name + ": " + value + " " + expected) || e.getMessage().contains(expected),
                e.getMessage());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    private static ObjectNode config() {
        return (ObjectNode) ConfigJson.MAPPER.valueToTree(ModelFixtures.tiny(4, 2, 8));
    }
}
