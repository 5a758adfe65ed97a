package org.gqa4j.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.gqa4j.core.InputException;

/**
 * How the features of a bar enter the model.
 * <ul>
 * <li>{@code mixed}: every feature of a bar is one input vector, the model forecasts every target
 *     from all of them (the model of every version-1 checkpoint).</li>
 * <li>{@code independent}: channel independence (PatchTST): each target is forecast from its own
 *     series alone, the feature column of the same name, through one shared model; the input of
 *     a position is that channel's values and its output that channel's horizon. Channels are
 *     extra batch rows; features that are not targets are not read.</li>
 * </ul>
 */
public enum Channels {
    MIXED("mixed"),
    INDEPENDENT("independent");

    private final String id;

    Channels(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() { return id; }

    public static Channels parse(String s) {
        for (Channels c : values()) if (c.id.equals(s)) return c;
        throw new InputException("channels: '" + s + "' is not one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Channels::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() { return id; }
}
