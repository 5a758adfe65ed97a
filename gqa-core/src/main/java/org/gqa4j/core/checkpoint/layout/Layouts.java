package org.gqa4j.core.checkpoint.layout;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gqa4j.core.InputException;

/** The known layouts, by name, and detection from a foreign config.json. */
public final class Layouts {

    public static final String AUTO = "auto";
    private static final List<Layout> ALL = List.of(new LlamaLayout());

    private Layouts() {}

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Layout l : ALL) out.add(l.name());
        return out;
    }

    public static Layout byName(String name) {
        for (Layout l : ALL) if (l.name().equals(name)) return l;
        throw new InputException("--layout " + name + ": unknown layout; expected one of " + names() + " (import also takes " + AUTO + ")");
    }

    /** {@code name}, or for "auto" the one layout that recognizes the config. */
    public static Layout choose(String name, Path configFile, JsonNode foreignConfig) {
        if (!AUTO.equals(name)) return byName(name);
        for (Layout l : ALL) if (l.recognizes(foreignConfig)) return l;
        throw InputException.in(configFile, "no known layout recognizes model_type " + foreignConfig.path("model_type")
                + " / architectures " + foreignConfig.path("architectures") + "; choose one with --layout " + names());
    }
}
