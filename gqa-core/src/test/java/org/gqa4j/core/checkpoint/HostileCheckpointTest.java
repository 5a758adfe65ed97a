package org.gqa4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints written by an attacker (and re-signed: whoever edits a checkpoint can redo its checksums). */
class HostileCheckpointTest {

    @TempDir Path tmp;
    private Path dir;

    @BeforeEach
    void save() throws IOException {
        Weights w = ModelFixtures.randomWeights(ModelFixtures.tiny(4, 2, 8), 1);
        dir = tmp.resolve("ck");
        CheckpointIO.write(dir, CheckpointIOTest.checkpoint(w));
    }

    @Test
    void manifestNamesMustBePlainFilesInside() throws IOException {
        Path victim = tmp.resolve("victim.txt");
        Files.writeString(victim, "keep");
        for (String name : List.of(victim.toString(), "../victim.txt", "sub/x", ".hidden", "..", "a\\b", "con\u0007")) {
            Files.writeString(dir.resolve("checksums.sha256"), "0".repeat(64) + "  " + name + "\n", java.nio.file.StandardOpenOption.APPEND);
            InputException e = assertThrows(InputException.class, () -> CheckpointIO.read(dir), name);
            assertTrue(e.getMessage().contains("checksums.sha256, line"), e.getMessage());
            assertTrue(e.getMessage().contains("expected a plain file name inside"), e.getMessage());
            assertThrows(InputException.class, () -> CheckpointIO.manifest(dir), name);
            rewrite(); // back to a valid manifest
        }
        assertEquals("keep", Files.readString(victim));
        assertTrue(CheckpointIO.manifest(dir).contains("weights.bin"));
    }

    @Test
    void plainNameRules() {
        for (String ok : List.of("weights.bin", "config.json", "a-b_c.1")) assertEquals(null, PlainName.problem(ok), ok);
        for (String bad : List.of("", "/etc/shadow", "../x", "x/y", "x\\y", ".", "..", ".train", "a\u0000b", "c:x", "x".repeat(200))) {
            assertTrue(PlainName.problem(bad) != null, bad);
        }
    }

    @Test
    void checksumsAreVerifiedBeforeTheIndexIsParsed() throws IOException {
        // a forged index with a huge entry, not re-signed: the checksum speaks, nothing is allocated
        ArrayNode index = index();
        index.addObject().put("name", "x").putPOJO("shape", new int[] {268435455}).put("offset", 0).put("count", 268435455);
        ConfigJson.write(dir.resolve("weights.json"), index);
        InputException e = assertThrows(InputException.class, () -> CheckpointIO.read(dir));
        assertTrue(e.getMessage().contains("weights.json: SHA-256 mismatch"), e.getMessage());
    }

    @Test
    void hugeOverlappingEntriesAreRefusedBeforeAllocation() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("weights.bin").toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: 1 GiB of zeros on disk costs nothing
        }
        ArrayNode index = index();
        for (int i = 0; i < 9; i++) {
            index.addObject().put("name", "x" + i).putPOJO("shape", new int[] {268435455}).put("offset", 0).put("count", 268435455);
        }
        ConfigJson.write(dir.resolve("weights.json"), index);
        rewrite();
        long before = usedHeap();
        InputException e = assertThrows(InputException.class, () -> CheckpointIO.read(dir));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        assertTrue(usedHeap() - before < 256L << 20, "no gigabyte allocation happened");
    }

    @Test
    void everyIndexEntryIsValidated() throws IOException {
        long size = Files.size(dir.resolve("weights.bin"));
        expectIndexError(e -> e.put("offset", -4), "both must be >= 0");
        expectIndexError(e -> e.put("count", -1), "both must be >= 0");
        expectIndexError(e -> e.putPOJO("shape", new int[] {65536, 65536, 65536}).put("count", 1), "more than");
        expectIndexError(e -> e.putPOJO("shape", new int[] {3, -16}), "negative dimension");
        expectIndexError(e -> e.putPOJO("shape", new int[] {3, 15}), "(45 values) but count");
        expectIndexError(e -> e.remove("shape"), "has no shape");
        expectIndexError(e -> e.remove("name"), "has no name");
        expectIndexError(e -> e.put("offset", size), "truncated or wrong index");
        expectIndexError(e -> e.put("offset", Long.MAX_VALUE - 2), "truncated or wrong index");
        expectIndexError(e -> e.put("offset", 4), "overlap");
    }

    @Test
    void aConfigWithAbsurdSizesFailsFast() throws IOException {
        ObjectNode c = (ObjectNode) ConfigJson.read(dir.resolve("config.json"), JsonNode.class);
        c.put("n_layers", 2_000_000_000);
        ConfigJson.write(dir.resolve("config.json"), c);
        rewrite();
        InputException e = assertThrows(InputException.class, () -> CheckpointIO.read(dir));
        assertTrue(e.getMessage().contains("n_layers: 2000000000 is larger than the limit 1024"), e.getMessage());
        c.put("n_layers", 1000); // within the bound, but not what the weights hold
        ConfigJson.write(dir.resolve("config.json"), c);
        rewrite();
        e = assertThrows(InputException.class, () -> CheckpointIO.read(dir));
        assertTrue(e.getMessage().contains("required by config.json is missing"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTensorAndIndex() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            JsonNode first = index().get(0);
            long offset = first.get("offset").asLong();
            int cols = first.get("shape").get(1).asInt();
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve("weights.bin").toFile(), "rw")) {
                f.seek(offset + (long) (cols + 2) * Float.BYTES); // row 1, column 2
                f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(bad).array());
            }
            rewrite();
            InputException e = assertThrows(InputException.class, () -> CheckpointIO.read(dir));
            assertTrue(e.getMessage().contains("tensor '" + first.get("name").asText() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("at index [1, 2]"), e.getMessage());
        }
    }

    @Test
    void dataPrepMustAgreeWithTheModel() throws IOException {
        ObjectNode prep = ConfigJson.MAPPER.createObjectNode().put("kind", "ohlcv").put("context", 999).put("horizon", 1);
        ConfigJson.write(dir.resolve("data_prep.json"), prep);
        rewrite();
        InputException e = assertThrows(InputException.class, () -> CheckpointIO.read(dir));
        assertTrue(e.getMessage().contains("data_prep.json: disagrees with config.json: context 999"), e.getMessage());
    }

    @Test
    void aKillBetweenTheTwoRenamesIsRepaired() throws IOException {
        // the state between "checkpoint -> .old" and ".tmp -> checkpoint": no checkpoint under its name
        Path old = tmp.resolve(".ck.old-123");
        Files.move(dir, old);
        Path stale = tmp.resolve(".ck.tmp-456");
        Files.createDirectories(stale.resolve("inner"));
        CheckpointIO.recover(dir);
        assertTrue(CheckpointIO.isCheckpoint(dir));
        CheckpointIO.read(dir);
        assertFalse(Files.exists(old));
        assertFalse(Files.exists(stale), "temporary directories are removed");
    }

    @Test
    void writingNamesTheFileOnDiskFull() throws IOException {
        Path full = Path.of("/dev/full");
        if (!Files.exists(full)) return; // Linux only
        Path d = tmp.resolve("w");
        Files.createDirectories(d);
        Files.createSymbolicLink(d.resolve("t.bin"), full);
        IOException e = assertThrows(IOException.class, () -> TensorFile.write(d, "t", Map.of("a", new float[70_000]), Map.of()));
        assertTrue(e.getMessage().contains(d.resolve("t.bin").toString()), e.getMessage());
    }

    private interface Edit {
        void apply(ObjectNode entry);
    }

    private void expectIndexError(Edit edit, String expected) throws IOException {
        Path json = dir.resolve("weights.json");
        String original = Files.readString(json);
        ArrayNode index = index();
        edit.apply((ObjectNode) index.get(1));
        ConfigJson.write(json, index);
        rewrite();
        InputException e = assertThrows(InputException.class, () -> CheckpointIO.read(dir), expected);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        Files.writeString(json, original);
        rewrite();
    }

    private ArrayNode index() {
        return (ArrayNode) ConfigJson.read(dir.resolve("weights.json"), JsonNode.class);
    }

    private void rewrite() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (!n.equals("checksums.sha256")) sb.append(Sha256.of(p)).append("  ").append(n).append('\n');
            }
        }
        Files.writeString(dir.resolve("checksums.sha256"), sb.toString());
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
