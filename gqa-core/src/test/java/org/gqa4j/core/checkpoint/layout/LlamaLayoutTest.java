package org.gqa4j.core.checkpoint.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.tensor.FloatTensor;
import org.gqa4j.core.tensor.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaLayoutTest {

    @TempDir Path tmp;
    private final LlamaFixture.Spec spec = LlamaFixture.small();
    private final Map<String, FloatTensor> hf = LlamaFixture.tensors(spec, 1);

    /** Opens a fixture directory and maps it: the gqa config and the tensors under gqa names. */
    private record Imported(ObjectNode config, Map<String, FloatTensor> tensors) {}

    private static Imported importDir(Path dir) {
        try (ForeignCheckpoint fc = ForeignCheckpoint.open(dir)) {
            LayoutMapping m = Layouts.choose("auto", fc.configFile(), fc.config()).fromForeign(fc.configFile(), fc.config());
            return new Imported(m.gqaConfig(), m.readGqa(fc.tensors(), dir));
        }
    }

    private InputException importFails(ObjectNode config, Map<String, FloatTensor> tensors) throws IOException {
        Path dir = LlamaFixture.write(tmp.resolve("bad-" + System.nanoTime()), config, tensors);
        return assertThrows(InputException.class, () -> importDir(dir));
    }

    private static void assertMentions(Exception e, String... words) {
        for (String w : words) assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
    }

    private static void assertBitsEqual(FloatTensor want, FloatTensor got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        for (int i = 0; i < want.data().length; i++) {
            assertEquals(Float.floatToRawIntBits(want.data()[i]), Float.floatToRawIntBits(got.data()[i]), what + "[" + i + "]");
        }
    }

    /** [r, c] read at (j, i) of its transpose. */
    private static void assertTransposed(FloatTensor hfMatrix, FloatTensor gqa, String what) {
        int r = hfMatrix.dim(0), c = hfMatrix.dim(1);
        assertArrayEquals(new int[] {c, r}, gqa.shape(), what);
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) {
            assertEquals(Float.floatToRawIntBits(hfMatrix.data()[i * c + j]), Float.floatToRawIntBits(gqa.data()[j * r + i]), what);
        }
    }

    @Test
    void namesAndTransposesFollowTheContract() throws IOException {
        Imported im = importDir(LlamaFixture.write(tmp.resolve("hf"), LlamaFixture.config(spec), hf));
        // HF name -> gqa name, spelled out here independently of the layout's own table
        Map<String, String> vectors = new LinkedHashMap<>(), matrices = new LinkedHashMap<>();
        matrices.put("input_proj.weight", "embed.w");
        vectors.put("input_proj.bias", "embed.b");
        for (int i = 0; i < 2; i++) {
            String p = "model.layers." + i + ".", g = "blocks." + i + ".";
            vectors.put(p + "input_layernorm.weight", g + "ln1.gain");
            vectors.put(p + "post_attention_layernorm.weight", g + "ln2.gain");
            for (String x : List.of("q", "k", "v", "o")) {
                matrices.put(p + "self_attn." + x + "_proj.weight", g + "attn.w" + x);
                vectors.put(p + "self_attn." + x + "_proj.bias", g + "attn.b" + x);
            }
            matrices.put(p + "mlp.gate_proj.weight", g + "ffn.w1");
            matrices.put(p + "mlp.up_proj.weight", g + "ffn.w3");
            matrices.put(p + "mlp.down_proj.weight", g + "ffn.w2");
        }
        vectors.put("model.norm.weight", "final_ln.gain");
        matrices.put("output_proj.weight", "head.w");
        vectors.put("output_proj.bias", "head.b");
        Set<String> expected = new HashSet<>(vectors.values());
        expected.addAll(matrices.values());
        assertEquals(expected, im.tensors().keySet());
        vectors.forEach((h, g) -> assertBitsEqual(hf.get(h), im.tensors().get(g), h));
        matrices.forEach((h, g) -> assertTransposed(hf.get(h), im.tensors().get(g), h));
        assertArrayEquals(new int[] {16, 24}, im.tensors().get("blocks.0.attn.wq").shape(), "wq [d_model, H*hd] with hd 6");
        assertArrayEquals(new int[] {16, 12}, im.tensors().get("blocks.1.attn.wk").shape(), "wk [d_model, KV*hd]");

        JsonNode c = im.config();
        assertEquals("rmsnorm", c.get("norm").asText());
        assertEquals("swiglu", c.get("ffn").asText());
        assertFalse(c.get("ffn_bias").asBoolean());
        assertTrue(c.get("attention_bias").asBoolean());
        assertEquals(1e-5, c.get("norm_eps").asDouble());
        assertEquals(500.0, c.get("rope_theta").asDouble());
        assertEquals(List.of(16, 2, 4, 2, 6, 24, 12), List.of(c.get("d_model").asInt(), c.get("n_layers").asInt(), c.get("n_heads").asInt(),
                c.get("n_kv_heads").asInt(), c.get("head_dim").asInt(), c.get("ffn_dim").asInt(), c.get("context").asInt()));
        assertEquals(5, c.get("features").size());
        assertEquals(2, c.get("targets").size() * c.get("horizon").asInt());
    }

    @Test
    void withoutAttentionBiasTheBiasesAreNotExpected() throws IOException {
        LlamaFixture.Spec noBias = new LlamaFixture.Spec(5, 2, 16, 24, 1, 4, 4, 4, false, 8, 1e-6, 10000.0);
        Imported im = importDir(LlamaFixture.write(tmp.resolve("nb"), LlamaFixture.config(noBias), LlamaFixture.tensors(noBias, 2)));
        assertFalse(im.tensors().containsKey("blocks.0.attn.bq"));
        assertFalse(im.config().get("attention_bias").asBoolean());
        // and biases present while the config says there are none are unexpected
        InputException e = importFails(LlamaFixture.config(noBias), LlamaFixture.tensors(new LlamaFixture.Spec(5, 2, 16, 24, 1, 4, 4, 4,
                true, 8, 1e-6, 10000.0), 2));
        assertMentions(e, "unexpected tensors [model.layers.0.self_attn.k_proj.bias");
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreNamed() throws IOException {
        Map<String, FloatTensor> t = new LinkedHashMap<>(hf);
        t.remove("model.layers.1.mlp.up_proj.weight");
        t.put("lm_head.weight", new FloatTensor(new int[] {2, 16}, new float[32]));
        InputException e = importFails(LlamaFixture.config(spec), t);
        assertMentions(e, "missing tensors [model.layers.1.mlp.up_proj.weight]", "unexpected tensors [lm_head.weight]", "llama layout");

        Map<String, FloatTensor> wrong = new LinkedHashMap<>(hf);
        wrong.put("model.layers.0.self_attn.k_proj.weight", new FloatTensor(new int[] {16, 16}, new float[256]));
        assertMentions(importFails(LlamaFixture.config(spec), wrong),
                "tensor 'model.layers.0.self_attn.k_proj.weight' in model.safetensors has shape [16, 16], expected [12, 16]");
    }

    @Test
    void aConfigThatDisagreesWithTheShapesIsAnError() throws IOException {
        ObjectNode c = LlamaFixture.config(spec).put("num_key_value_heads", 4); // tensors hold 2 KV heads
        InputException e = importFails(c, hf);
        assertMentions(e, "k_proj.weight' in model.safetensors has shape [12, 16], expected [24, 16]", "num_key_value_heads 4");
        ObjectNode c2 = LlamaFixture.config(spec).put("intermediate_size", 32);
        assertMentions(importFails(c2, hf), "mlp.gate_proj.weight' in model.safetensors has shape [24, 16], expected [32, 16]");
    }

    @Test
    void configKeysAreCheckedStrictly() throws IOException {
        assertMentions(importFails(LlamaFixture.config(spec).put("vocab_size", 32000), hf), "config.json", "unknown keys [vocab_size]");
        assertMentions(importFails(LlamaFixture.config(spec).put("hidden_act", "gelu"), hf), "hidden_act", "only silu");
        ObjectNode scaled = LlamaFixture.config(spec);
        scaled.putObject("rope_scaling").put("type", "linear");
        assertMentions(importFails(scaled, hf), "rope_scaling");
        ObjectNode missing = LlamaFixture.config(spec);
        missing.remove("rms_norm_eps");
        assertMentions(importFails(missing, hf), "rms_norm_eps is required");
        assertMentions(importFails(LlamaFixture.config(spec).put("num_key_value_heads", 3), hf), "num_key_value_heads 3 must divide");
        assertMentions(importFails(LlamaFixture.config(spec).put("hidden_size", 16.5), hf), "hidden_size must be a positive integer");
        Path dup = tmp.resolve("dup");
        LlamaFixture.write(dup, LlamaFixture.config(spec), hf);
        String text = Files.readString(dup.resolve("config.json"));
        Files.writeString(dup.resolve("config.json"), text.replaceFirst("\\{", "{\"head_dim\": 8,"));
        assertMentions(assertThrows(InputException.class, () -> importDir(dup)), "Duplicate field 'head_dim'");
    }

    @Test
    void autoDetectionNeedsAKnownModelType() throws IOException {
        ObjectNode c = LlamaFixture.config(spec).put("model_type", "mystery");
        c.remove("architectures");
        InputException e = importFails(c, hf);
        assertMentions(e, "no known layout recognizes model_type \"mystery\"", "--layout [llama]");
        // an explicit --layout accepts it
        Path dir = LlamaFixture.write(tmp.resolve("explicit"), c, hf);
        try (ForeignCheckpoint fc = ForeignCheckpoint.open(dir)) {
            LayoutMapping m = Layouts.choose("llama", fc.configFile(), fc.config()).fromForeign(fc.configFile(), fc.config());
            assertEquals(hf.size(), m.readGqa(fc.tensors(), dir).size());
        }
    }

    @Test
    void shardedCheckpointReadsLikeOneFile() throws IOException {
        Path dir = tmp.resolve("sharded");
        Files.createDirectories(dir);
        ConfigJson.write(dir.resolve("config.json"), LlamaFixture.config(spec));
        Map<String, FloatTensor> a = new TreeMap<>(), b = new TreeMap<>();
        StringBuilder map = new StringBuilder();
        for (var e : hf.entrySet()) {
            boolean first = e.getKey().startsWith("model.layers.0.") || e.getKey().startsWith("input");
            (first ? a : b).put(e.getKey(), e.getValue());
            map.append(map.length() == 0 ? "" : ",").append('"').append(e.getKey()).append("\":\"")
                    .append(first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors").append('"');
        }
        SafetensorsWriter.writeF32(dir.resolve("model-00001-of-00002.safetensors"), a);
        SafetensorsWriter.writeF32(dir.resolve("model-00002-of-00002.safetensors"), b);
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\":{},\"weight_map\":{" + map + "}}");
        Imported sharded = importDir(dir);
        Imported single = importDir(LlamaFixture.write(tmp.resolve("single"), LlamaFixture.config(spec), hf));
        assertEquals(single.config(), sharded.config());
        for (var e : single.tensors().entrySet()) assertBitsEqual(e.getValue(), sharded.tensors().get(e.getKey()), e.getKey());
        try (ForeignCheckpoint fc = ForeignCheckpoint.open(dir)) {
            assertEquals(4, fc.files().size(), "config, index and two shards");
        }
    }

    @Test
    void bf16CheckpointImportsExactly() throws IOException {
        Map<String, FloatTensor> exact = LlamaFixture.bf16Exact(hf);
        Path dir = tmp.resolve("bf16");
        Files.createDirectories(dir);
        ConfigJson.write(dir.resolve("config.json"), LlamaFixture.config(spec).put("torch_dtype", "bfloat16"));
        LlamaFixture.writeBf16(dir.resolve("model.safetensors"), exact);
        Imported im = importDir(dir);
        assertBitsEqual(exact.get("model.norm.weight"), im.tensors().get("final_ln.gain"), "norm");
        assertTransposed(exact.get("model.layers.1.self_attn.o_proj.weight"), im.tensors().get("blocks.1.attn.wo"), "o_proj");
    }

    /** Export of an imported model, imported again: the same config and tensors, bit for bit, on both sides. */
    @Test
    void exportThenImportRoundTripIsBitExact() throws IOException {
        Imported im = importDir(LlamaFixture.write(tmp.resolve("hf"), LlamaFixture.config(spec), hf));
        LayoutMapping back = new LlamaLayout().fromGqa("imported config", im.config());
        Map<String, FloatTensor> exported = back.toForeign(im.tensors(), "imported");
        assertEquals(hf.keySet(), exported.keySet());
        for (var e : hf.entrySet()) assertBitsEqual(e.getValue(), exported.get(e.getKey()), e.getKey());
        ObjectNode original = LlamaFixture.config(spec);
        for (var it = original.fields(); it.hasNext(); ) {
            var f = it.next();
            assertEquals(f.getValue(), back.foreignConfig().get(f.getKey()), f.getKey());
        }
        Imported again = importDir(LlamaFixture.write(tmp.resolve("again"), back.foreignConfig(), exported));
        assertEquals(im.config(), again.config());
        for (var e : im.tensors().entrySet()) assertBitsEqual(e.getValue(), again.tensors().get(e.getKey()), e.getKey());
    }

    @Test
    void aGqaConfigOutsideTheLayoutIsRefusedOnExport() {
        ObjectNode v1 = ConfigJson.MAPPER.createObjectNode();
        v1.putArray("features").add("a");
        v1.putArray("targets").add("b");
        v1.put("horizon", 1).put("d_model", 16).put("layers", 2).put("n_heads", 4).put("n_kv_heads", 2).put("ffn_dim", 32)
                .put("context", 8).put("rope_base", 10000.0);
        InputException e = assertThrows(InputException.class, () -> new LlamaLayout().fromGqa("ck/config.json", v1));
        assertMentions(e, "ck/config.json", "rmsnorm + swiglu", "norm layernorm, ffn gelu, ffn_bias true");
        // the legacy field names are read: a v1-style config with the Llama architecture maps
        v1.put("norm", "rmsnorm").put("ffn", "swiglu").put("ffn_bias", false).put("attention_bias", false);
        LayoutMapping m = new LlamaLayout().fromGqa("ck/config.json", v1);
        assertEquals(2, m.foreignConfig().get("num_hidden_layers").asInt());
        assertEquals(2, m.foreignConfig().get("num_key_value_heads").asInt());
        assertEquals(2 * 9 + 5, m.tensors().size(), "per layer: 2 norms, 4 attention, 3 mlp; plus embed 2, final norm, head 2");
        // series-input options have no place in the Llama layout: refused, each named
        for (String[] option : new String[][] {{"patch_len", "4"}, {"channels", "\"independent\""}, {"instance_norm", "\"causal\""}}) {
            ObjectNode withOption = v1.deepCopy();
            withOption.set(option[0], ConfigJson.parse("option", option[1], com.fasterxml.jackson.databind.JsonNode.class));
            InputException s = assertThrows(InputException.class, () -> new LlamaLayout().fromGqa("ck/config.json", withOption));
            assertMentions(s, "ck/config.json", "no series-input options", option[0] + " " + option[1].replace("\"", ""));
        }
        // and the defaults, written out as every config.json now does, still export
        v1.put("patch_len", 1).put("channels", "mixed").put("instance_norm", "none").put("instance_norm_eps", 0.01);
        assertEquals(2 * 9 + 5, new LlamaLayout().fromGqa("ck/config.json", v1).tensors().size());
    }
}
