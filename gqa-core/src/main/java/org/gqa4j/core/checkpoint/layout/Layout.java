package org.gqa4j.core.checkpoint.layout;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * How another framework names and shapes the parameters of a model gqa4j can run: the one
 * place per layout that maps its config.json and tensor names to gqa4j's and back. A new layout
 * (Time-MoE, Timer, ...) is one new implementation, registered in {@link Layouts}.
 */
public interface Layout {

    /** The name users choose it by ({@code --layout NAME}). */
    String name();

    /** True when a foreign config.json declares this layout (for {@code --layout auto}). */
    boolean recognizes(JsonNode foreignConfig);

    /**
     * Reads a foreign config.json (every key checked: unknown keys and unsupported settings are
     * {@link org.gqa4j.core.InputException}s naming the file) into the mapping: the gqa4j
     * config.json of the architecture contract and the tensors the foreign checkpoint must hold.
     * Features and targets get placeholder names ({@code x0.., y0..}) unless the config names them.
     */
    LayoutMapping fromForeign(Path configFile, JsonNode foreignConfig);

    /** The inverse: a gqa4j config.json (canonical or legacy field names) to this layout's mapping. */
    LayoutMapping fromGqa(String label, JsonNode gqaConfig);
}
