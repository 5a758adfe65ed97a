package org.gqa4j.core.checkpoint.layout;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gqa4j.core.InputException;
import org.gqa4j.core.tensor.SafetensorsFile;
import org.gqa4j.core.tensor.ShardedSafetensors;
import org.gqa4j.core.tensor.TensorStore;

/**
 * A HuggingFace-style checkpoint directory: {@code config.json} and either
 * {@code model.safetensors} or a sharded {@code model.safetensors.index.json} with its shards.
 * Opening validates the JSON and every safetensors header; tensors are read on demand.
 */
public record ForeignCheckpoint(Path dir, Path configFile, JsonNode config, TensorStore tensors) implements AutoCloseable {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    private static final JsonMapper STRICT = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public static ForeignCheckpoint open(Path dir) {
        if (!Files.isDirectory(dir)) throw InputException.in(dir, "not a directory (expected " + CONFIG + " and " + WEIGHTS + ")");
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) throw InputException.in(dir, "has no " + CONFIG);
        JsonNode config;
        try {
            config = STRICT.readTree(configFile.toFile());
        } catch (IOException e) {
            throw InputException.in(configFile, "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (config == null || !config.isObject()) throw InputException.in(configFile, "must be a JSON object");
        Path single = dir.resolve(WEIGHTS);
        Path index = dir.resolve(INDEX);
        boolean hasSingle = Files.isRegularFile(single), hasIndex = Files.isRegularFile(index);
        if (hasSingle && hasIndex) {
            throw InputException.in(dir, "holds both " + WEIGHTS + " and " + INDEX + "; keep one so the weights are unambiguous");
        }
        if (!hasSingle && !hasIndex) throw InputException.in(dir, "has neither " + WEIGHTS + " nor " + INDEX);
        TensorStore store = hasSingle ? SafetensorsFile.open(single) : ShardedSafetensors.open(index);
        return new ForeignCheckpoint(dir, configFile, config, store);
    }

    /** Every file the model is read from: config.json, the index if sharded, the safetensors files. */
    public java.util.List<Path> files() {
        java.util.List<Path> out = new java.util.ArrayList<>();
        out.add(configFile);
        if (Files.isRegularFile(dir.resolve(INDEX))) out.add(dir.resolve(INDEX));
        out.addAll(tensors.files());
        return out;
    }

    @Override
    public void close() {
        tensors.close();
    }
}
