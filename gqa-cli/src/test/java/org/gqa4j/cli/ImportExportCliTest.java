package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.checkpoint.Sha256;
import org.gqa4j.core.checkpoint.layout.LlamaFixture;
import org.gqa4j.core.checkpoint.layout.LlamaReference;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.tensor.FloatTensor;
import org.gqa4j.core.tensor.SafetensorsFile;
import org.gqa4j.core.tensor.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportExportCliTest {

    @TempDir Path tmp;
    private final LlamaFixture.Spec spec = LlamaFixture.small();
    private final Map<String, FloatTensor> hf = LlamaFixture.tensors(spec, 4);

    private Path hfDir() throws IOException {
        return LlamaFixture.write(tmp.resolve("hf"), LlamaFixture.config(spec), hf);
    }

    /** Nothing under tmp but the given names: no output and no temporary sibling left behind. */
    private void assertOnly(String... names) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(names), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void truncatedSafetensorsIsAnInputErrorAndNothingIsWritten() throws IOException {
        Path dir = hfDir();
        byte[] all = Files.readAllBytes(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("model.safetensors"), Arrays.copyOf(all, all.length / 2));
        GqaCliTest.Result r = GqaCliTest.run("import", "--from", dir.toString(), "--out", tmp.resolve("ck").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("model.safetensors") && r.err().contains("truncated"), r.err());
        assertOnly("hf");
    }

    @Test
    void dataWhoseFeaturesDoNotMatchTheInputSizeNamesBothNumbers() throws IOException {
        GqaCliTest.Result r = GqaCliTest.run("import", "--from", hfDir().toString(), "--out", tmp.resolve("ck").toString(),
                "--data", "synthetic");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("synthetic gives 3 input features") && r.err().contains("input size is 5"), r.err());
        assertOnly("hf");
    }

    @Test
    void exportOfAModelOutsideTheLayoutIsAnInputError() throws IOException {
        Path ck = tmp.resolve("v1");
        CheckpointIO.write(ck, new Checkpoint(ModelFixtures.randomWeights(ModelFixtures.tiny(4, 2, 8), 1), null,
                new Provenance("2026-01-01T00:00:00Z", "test", null, null, 0, 0, null, null, null, null), null, null));
        GqaCliTest.Result r = GqaCliTest.run("export", "--from", ck.toString(), "--out", tmp.resolve("e").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("rmsnorm + swiglu") && r.err().contains("norm layernorm"), r.err());
        assertOnly("v1");
    }

    @Test
    void convertTakesAFractionOrAStepCountNotBoth() {
        GqaCliTest.Result r = GqaCliTest.run("convert", "--from", tmp.resolve("x").toString(), "--kv-heads", "2",
                "--uptrain", "0.1", "--uptrain-steps", "3", "--out", tmp.resolve("y").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not both"), r.err());
    }

    @Test
    void unknownLayoutIsAnInputError() throws IOException {
        GqaCliTest.Result r = GqaCliTest.run("import", "--from", hfDir().toString(), "--out", tmp.resolve("ck").toString(),
                "--layout", "timer");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--layout timer: unknown layout"), r.err());
    }

    /**
     * Import, predict and export end to end, against the plain-Java Llama reference computed from
     * the HuggingFace tensors directly (rmsnorm, swiglu, no FFN biases).
     */
    @Test
    void importedModelPredictsLikeTheReferenceAndExportsBitExact() throws IOException {
        Path dir = hfDir();
        Path ck = tmp.resolve("ck");
        GqaCliTest.Result imp = GqaCliTest.run("import", "--from", dir.toString(), "--out", ck.toString());
        assertEquals(0, imp.code(), imp.err());
        Provenance.Source src = CheckpointIO.read(ck).provenance().source();
        assertEquals("llama", src.layout());
        assertEquals(List.of(new Provenance.SourceFile("config.json", Sha256.of(dir.resolve("config.json"))),
                new Provenance.SourceFile("model.safetensors", Sha256.of(dir.resolve("model.safetensors")))), src.files());

        int batch = 3, time = spec.context();
        float[] x = ModelFixtures.randomInput(batch, time, spec.inputSize(), 8);
        Path in = tmp.resolve("x.safetensors"), out = tmp.resolve("y.safetensors");
        SafetensorsWriter.writeF32(in, Map.of("inputs", new FloatTensor(new int[] {batch, time, spec.inputSize()}, x)));
        GqaCliTest.Result pred = GqaCliTest.run("predict", ck.toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, pred.code(), pred.err());
        FloatTensor y = SafetensorsFile.readAll(out).get("outputs");
        LlamaReference ref = new LlamaReference(hf, spec);
        for (int b = 0; b < batch; b++) {
            double[][] want = ref.forward(ModelFixtures.sequence(x, b, time, spec.inputSize()));
            for (int t = 0; t < time; t++) {
                for (int o = 0; o < spec.outputSize(); o++) {
                    assertEquals(want[t][o], y.data()[(b * time + t) * spec.outputSize() + o], 1e-4, "b " + b + " t " + t);
                }
            }
        }

        Path exported = tmp.resolve("exported");
        GqaCliTest.Result exp = GqaCliTest.run("export", "--from", ck.toString(), "--out", exported.toString());
        assertEquals(0, exp.code(), exp.err());
        Map<String, FloatTensor> back = SafetensorsFile.readAll(exported.resolve("model.safetensors"));
        assertEquals(hf.keySet(), back.keySet());
        for (var e : hf.entrySet()) {
            assertArrayEquals(e.getValue().shape(), back.get(e.getKey()).shape(), e.getKey());
            assertArrayEquals(e.getValue().data(), back.get(e.getKey()).data(), 0f, e.getKey());
        }
        assertFalse(Files.exists(tmp.resolve("exported").resolve("model.safetensors.index.json")));
    }
}
