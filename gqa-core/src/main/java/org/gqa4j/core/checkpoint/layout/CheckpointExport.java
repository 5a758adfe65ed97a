package org.gqa4j.core.checkpoint.layout;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.tensor.FloatTensor;
import org.gqa4j.core.tensor.SafetensorsWriter;

/**
 * {@code gqa export}: a gqa4j checkpoint out as a foreign checkpoint directory (config.json +
 * model.safetensors, float32), written to a temporary sibling and renamed into place. A GQA
 * model exports with its own number of KV heads (num_key_value_heads = G).
 */
public final class CheckpointExport {

    public record Result(Path out, String layout, int tensors) {}

    private CheckpointExport() {}

    public static Result run(Path from, Path out, String layoutName) {
        NewDirectory.requireNew(out, "--out");
        Checkpoint ck = CheckpointIO.read(from);
        Layout layout = Layouts.byName(layoutName);
        JsonNode gqa = ConfigJson.MAPPER.valueToTree(ck.config());
        LayoutMapping m = layout.fromGqa(from.resolve("config.json").toString(), gqa);
        Map<String, FloatTensor> foreign = m.toForeign(tensors(ck.weights()), from.toString());
        Path tmp = null;
        try {
            tmp = NewDirectory.temporary(out);
            ConfigJson.write(tmp.resolve(ForeignCheckpoint.CONFIG), m.foreignConfig());
            SafetensorsWriter.writeF32(tmp.resolve(ForeignCheckpoint.WEIGHTS), foreign);
            NewDirectory.publish(tmp, out);
            return new Result(out, layout.name(), foreign.size());
        } catch (IOException | RuntimeException e) {
            if (tmp != null) NewDirectory.discard(tmp);
            if (e instanceof RuntimeException re) throw re;
            throw new UncheckedIOException("exporting to " + out + ": " + e.getMessage(), (IOException) e);
        }
    }

    /** The model's parameters as shaped tensors, by gqa4j name. */
    public static Map<String, FloatTensor> tensors(Weights w) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : w.asMap().entrySet()) out.put(e.getKey(), new FloatTensor(w.shape(e.getKey()), e.getValue()));
        return out;
    }
}
