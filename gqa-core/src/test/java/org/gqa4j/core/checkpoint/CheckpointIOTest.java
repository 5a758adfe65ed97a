package org.gqa4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.TransformerGraph;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.BeforeEach;
import org.gqa4j.core.config.TrainingRecipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointIOTest {

    @TempDir Path tmp;
    private Weights weights;
    private Path dir;

    @BeforeEach
    void save() throws IOException {
        weights = ModelFixtures.randomWeights(ModelFixtures.tiny(4, 2, 8), 1);
        dir = tmp.resolve("ck");
        CheckpointIO.write(dir, checkpoint(weights));
    }

    static Checkpoint checkpoint(Weights w) {
        Provenance p = new Provenance("2026-01-01T00:00:00Z", "test", "synthetic", "abc", 10, 7, null, null, null, Map.of("val_loss", 0.5));
        TrainerState st = new TrainerState(TrainerState.VERSION, TrainerState.RUNNING, 10, TrainingRecipe.defaults(), "vector",
                "synthetic", "abc", null, 0, null, 0, null, 0, 0, 0, 0, 1.5, null);
        return new Checkpoint(w, prepFor(w), p, Map.of("m/embed.w", new float[] {1f, 2f}), st);
    }

    /** The version-1 fixture's data preparation with the window and horizon of {@code w}'s model (loading checks they agree). */
    static org.gqa4j.core.data.DataPrep prepFor(Weights w) {
        var v1 = V1Fixture.dataPrep();
        return new org.gqa4j.core.data.DataPrep(v1.kind(), v1.featureNames(), v1.targetNames(), w.config().horizon(),
                w.config().context(), v1.featureMean(), v1.featureStd(), v1.targetMean(), v1.targetStd(),
                v1.trainFraction(), v1.valFraction(), v1.sourceFingerprint());
    }

    @Test
    void roundTripIsBitExact() {
        Checkpoint back = CheckpointIO.read(dir);
        assertEquals(weights.config(), back.config());
        for (var e : weights.asMap().entrySet()) assertArrayEquals(e.getValue(), back.weights().get(e.getKey()), 0f, e.getKey());
        float[] x = ModelFixtures.randomInput(2, 8, 3, 4);
        assertArrayEquals(TransformerGraph.build(weights).forward(x, 2), TransformerGraph.build(back.weights()).forward(x, 2), 0f);
        assertEquals(prepFor(weights).toJson(), back.dataPrep().toJson());
        assertEquals(10, back.provenance().steps());
        assertArrayEquals(new float[] {1f, 2f}, back.optimizerState().get("m/embed.w"), 0f);
        assertEquals(checkpoint(weights).trainerState(), back.trainerState());
    }

    @Test
    void overwriteReplacesWholeAndLeavesNoTemporaries() throws IOException {
        Weights other = ModelFixtures.randomWeights(weights.config(), 2);
        CheckpointIO.write(dir, checkpoint(other).withoutTrainingState());
        Checkpoint back = CheckpointIO.read(dir);
        assertArrayEquals(other.get("head.w"), back.weights().get("head.w"), 0f);
        assertEquals(null, back.optimizerState());
        assertFalse(Files.exists(dir.resolve("optimizer.bin")));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(dir), s.toList(), "only the checkpoint remains in its parent");
        }
    }

    @Test
    void refusesToOverwriteSomethingElse() throws IOException {
        Path notCk = tmp.resolve("mine");
        Files.createDirectories(notCk);
        Files.writeString(notCk.resolve("notes.txt"), "keep me");
        InputException e = assertThrows(InputException.class, () -> CheckpointIO.write(notCk, checkpoint(weights)));
        assertTrue(e.getMessage().contains("not a gqa4j checkpoint"), e.getMessage());
        assertTrue(Files.exists(notCk.resolve("notes.txt")));
    }

    @Test
    void missingFile() throws IOException {
        Files.delete(dir.resolve("weights.bin"));
        assertError("missing file weights.bin");
    }

    @Test
    void checksumMismatch() throws IOException {
        byte[] b = Files.readAllBytes(dir.resolve("weights.bin"));
        b[100] ^= 0x01;
        Files.write(dir.resolve("weights.bin"), b);
        InputException e = assertError("SHA-256 mismatch");
        assertTrue(e.getMessage().contains("weights.bin"), e.getMessage());
    }

    @Test
    void truncatedArray() throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("weights.bin"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 8);
        }
        rewriteChecksums(); // re-signed: the index check, not the checksum, must catch it
        InputException e = assertError("truncated");
        assertTrue(e.getMessage().contains("weights.bin"), e.getMessage());
    }

    @Test
    void unknownFormatVersion() throws IOException {
        Files.writeString(dir.resolve("format.json"), "{\"format\": \"gqa4j-checkpoint\", \"version\": 99}");
        InputException e = assertError("unknown checkpoint format version 99");
        assertTrue(e.getMessage().contains("format.json"), e.getMessage());
    }

    @Test
    void configThatDoesNotMatchTheWeights() throws IOException {
        // a consistent checkpoint whose config was then edited to another n_kv_heads, checksums redone
        ModelConfig edited = weights.config().withKvHeads(4);
        ConfigJson.write(dir.resolve("config.json"), edited);
        rewriteChecksums();
        InputException e = assertError("parameter 'blocks.0.attn.wk' has shape [16, 8]");
        assertTrue(e.getMessage().contains("n_kv_heads=4"), e.getMessage());
    }

    @Test
    void corruptConfigNamesTheField() throws IOException {
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json")).replace("\"n_kv_heads\" : 2", "\"n_kv_heads\" : 3"));
        rewriteChecksums();
        InputException e = assertError("n_kv_heads: 3 must divide n_heads (4)");
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void hashChangesWithContent() throws IOException {
        String h1 = CheckpointIO.hash(dir);
        CheckpointIO.write(dir, checkpoint(ModelFixtures.randomWeights(weights.config(), 3)));
        assertNotEquals(h1, CheckpointIO.hash(dir));
    }

    private void rewriteChecksums() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(dir.resolve("checksums.sha256"))) {
            String name = line.substring(66);
            sb.append(Sha256.of(dir.resolve(name))).append("  ").append(name).append('\n');
        }
        Files.writeString(dir.resolve("checksums.sha256"), sb.toString());
    }

    private InputException assertError(String expected) {
        InputException e = assertThrows(InputException.class, () -> CheckpointIO.read(dir));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
        return e;
    }
}
