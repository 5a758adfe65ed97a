package org.gqa4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.gqa4j.core.InputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedSafetensorsTest {

    @TempDir Path tmp;

    @BeforeEach
    void shards() throws IOException {
        SafetensorsWriter.writeF32(tmp.resolve("s1.safetensors"), Map.of("a", new FloatTensor(new int[] {2}, new float[] {1, 2})));
        SafetensorsWriter.writeF32(tmp.resolve("s2.safetensors"), Map.of("b", new FloatTensor(new int[] {1, 1}, new float[] {3}),
                "c", new FloatTensor(new int[] {}, new float[] {4})));
    }

    private Path index(String weightMap) throws IOException {
        return Files.writeString(tmp.resolve("model.safetensors.index.json"),
                "{\"metadata\": {\"total_size\": 16}, \"weight_map\": {" + weightMap + "}}");
    }

    private void rejects(String weightMap, String expected) throws IOException {
        Path idx = index(weightMap);
        InputException e = assertThrows(InputException.class, () -> ShardedSafetensors.open(idx).close());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void readsEveryTensorFromItsShard() throws IOException {
        try (ShardedSafetensors s = ShardedSafetensors.open(index("\"a\": \"s1.safetensors\", \"b\": \"s2.safetensors\", \"c\": \"s2.safetensors\""))) {
            assertEquals(Set.of("a", "b", "c"), s.names());
            assertArrayEquals(new float[] {1, 2}, s.read("a").data());
            assertArrayEquals(new float[] {3}, s.read("b").data());
            assertEquals(tmp.resolve("s2.safetensors"), s.fileOf("c"));
            assertEquals(2, s.files().size());
        }
    }

    @Test
    void indexAndShardsMustAgree() throws IOException {
        rejects("\"a\": \"s1.safetensors\", \"b\": \"s2.safetensors\"", "shard s2.safetensors holds tensor 'c', which the weight_map does not list");
        rejects("\"a\": \"s2.safetensors\", \"b\": \"s2.safetensors\", \"c\": \"s2.safetensors\"", "maps tensor 'a' to s2.safetensors, which does not hold it");
        rejects("\"a\": \"../s1.safetensors\"", "must be a plain file name");
        rejects("\"a\": \"s3.safetensors\"", "s3.safetensors: file not found");
        rejects("\"a\": \"s1.safetensors\", \"a\": \"s1.safetensors\"", "Duplicate field 'a'");
    }
}
