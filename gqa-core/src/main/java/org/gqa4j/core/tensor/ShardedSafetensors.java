package org.gqa4j.core.tensor;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gqa4j.core.InputException;

/**
 * A checkpoint split over several safetensors files by a HuggingFace index
 * ({@code model.safetensors.index.json}: {"metadata": {...}, "weight_map": {tensor: shard file}}).
 * Every shard is validated; the index and the shards must agree exactly: each mapped tensor is
 * in its shard, and each shard's tensors are mapped to it.
 */
public final class ShardedSafetensors implements TensorStore {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Map<String, SafetensorsFile> byTensor;
    private final List<SafetensorsFile> shards;

    private ShardedSafetensors(Map<String, SafetensorsFile> byTensor, List<SafetensorsFile> shards) {
        this.byTensor = byTensor;
        this.shards = shards;
    }

    public static ShardedSafetensors open(Path index) {
        JsonNode root;
        try {
            root = STRICT.readTree(index.toFile());
        } catch (IOException e) {
            throw InputException.in(index, "not a valid JSON index: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) throw InputException.in(index, "must be a JSON object with a weight_map");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("weight_map") && !k.equals("metadata")) {
                throw InputException.in(index, "unknown key '" + k + "'; expected metadata, weight_map");
            }
        }
        JsonNode map = root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw InputException.in(index, "weight_map must be a non-empty object of tensor name -> shard file");
        }
        Map<String, String> fileOf = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getValue().isTextual() ? e.getValue().asText() : null;
            if (f == null || f.isEmpty() || f.contains("/") || f.contains("\\") || f.startsWith(".")) {
                throw InputException.in(index, "weight_map['" + e.getKey() + "'] must be a plain file name next to the index, got "
                        + e.getValue());
            }
            fileOf.put(e.getKey(), f);
        }
        Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
        try {
            for (String f : new java.util.LinkedHashSet<>(fileOf.values())) {
                opened.put(f, SafetensorsFile.open(index.resolveSibling(f)));
            }
            Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : fileOf.entrySet()) {
                SafetensorsFile shard = opened.get(e.getValue());
                if (shard.entry(e.getKey()) == null) {
                    throw InputException.in(index, "maps tensor '" + e.getKey() + "' to " + e.getValue() + ", which does not hold it");
                }
                byTensor.put(e.getKey(), shard);
            }
            for (Map.Entry<String, SafetensorsFile> s : opened.entrySet()) {
                for (String name : s.getValue().names()) {
                    if (!s.getKey().equals(fileOf.get(name))) {
                        throw InputException.in(index, "shard " + s.getKey() + " holds tensor '" + name + "', which the weight_map "
                                + (fileOf.containsKey(name) ? "places in " + fileOf.get(name) : "does not list"));
                    }
                }
            }
            return new ShardedSafetensors(byTensor, new ArrayList<>(opened.values()));
        } catch (RuntimeException e) {
            opened.values().forEach(SafetensorsFile::close);
            throw e;
        }
    }

    @Override
    public Set<String> names() {
        return byTensor.keySet();
    }

    @Override
    public TensorEntry entry(String name) {
        SafetensorsFile f = byTensor.get(name);
        return f == null ? null : f.entry(name);
    }

    @Override
    public Path fileOf(String name) {
        SafetensorsFile f = byTensor.get(name);
        return f == null ? null : f.fileOf(name);
    }

    @Override
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (SafetensorsFile s : shards) out.addAll(s.files());
        return out;
    }

    @Override
    public FloatTensor read(String name) {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) throw new InputException("no shard holds tensor '" + name + "'");
        return f.read(name);
    }

    @Override
    public void close() {
        shards.forEach(SafetensorsFile::close);
    }
}
