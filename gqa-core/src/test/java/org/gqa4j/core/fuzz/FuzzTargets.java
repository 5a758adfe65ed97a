package org.gqa4j.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.GapPolicy;
import org.gqa4j.core.data.PriceLoader;
import org.gqa4j.core.model.ModelFixtures;

/**
 * The fuzzed readers and the property they must hold: any input ends in success or an
 * {@link InputException} (with a bounded message) within {@link #BOUND}, never another
 * exception, never a hang. Shared by the Jazzer {@code @FuzzTest}s and the seeded mutation test.
 */
final class FuzzTargets {

    /** Far above any input's real cost (milliseconds): only a hang or a quadratic blow-up reaches it. */
    static final Duration BOUND = Duration.ofSeconds(30);
    static final List<String> CHECKPOINT_FILES = List.of("config.json", "weights.json", "weights.bin", "data_prep.json",
            "provenance.json", "checksums.sha256", "format.json", "optimizer.json", "optimizer.bin", "trainer_state.json");

    private static final AtomicLong COUNTER = new AtomicLong();
    private static Path work;
    private static Path checkpoint;

    private FuzzTargets() {}

    /** A CSV file: the first byte picks the format and the gap policy, the rest is the file. */
    static void csv(byte[] input) {
        Format[] formats = {Format.AUTO, Format.YAHOO, Format.BINANCE, Format.TA4J, Format.NUMERIC, Format.TRADES, Format.AUTO};
        int b = input.length == 0 ? 0 : input[0] & 0xff;
        Format format = formats[b % formats.length];
        GapPolicy policy = GapPolicy.values()[(b / 7) % 3];
        Path file = file("in.csv", input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length));
        holds(() -> PriceLoader.load(file, format, policy));
    }

    /** A ta4j JSON bar file. */
    static void json(byte[] input) {
        Path file = file("in.json", input);
        holds(() -> PriceLoader.load(file, Format.JSON, GapPolicy.KEEP));
    }

    /** A configuration and a data preparation, as JSON text. */
    static void config(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        holds(() -> ConfigJson.parse("fuzz.json", text, ModelConfig.class));
        holds(() -> DataPrep.fromJson(text));
    }

    /**
     * A checkpoint with one file replaced (the first byte picks which, the rest is its content)
     * and the checksums redone, as an attacker would: the parsers behind the checksums are fuzzed.
     */
    static void checkpoint(byte[] input) {
        int b = input.length == 0 ? 0 : input[0] & 0xff;
        String name = CHECKPOINT_FILES.get(b % CHECKPOINT_FILES.size());
        boolean resign = (b / CHECKPOINT_FILES.size()) % 4 != 0 && !name.equals("checksums.sha256");
        byte[] content = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        Path dir = work().resolve("ck-" + COUNTER.incrementAndGet());
        try {
            copy(base(), dir);
            Files.write(dir.resolve(name), content);
            if (resign) resign(dir);
            holds(() -> CheckpointIO.read(dir));
            CheckpointIO.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The property: success or an InputException with a bounded message, within the bound. */
    static void holds(Runnable call) {
        assertTimeoutPreemptively(BOUND, () -> {
            try {
                call.run();
            } catch (InputException e) {
                assertTrue(e.getMessage() != null && e.getMessage().length() < 2_000,
                        () -> "unbounded message of " + e.getMessage().length() + " characters");
            }
        });
    }

    private static Path file(String name, byte[] content) {
        Path f = work().resolve(COUNTER.incrementAndGet() + "-" + name);
        try {
            Files.write(f, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        f.toFile().deleteOnExit();
        return f;
    }

    private static synchronized Path work() {
        if (work == null) {
            try {
                work = Files.createTempDirectory("gqa-fuzz");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    CheckpointIO.deleteTree(work);
                } catch (IOException e) {
                    // a temporary directory; the OS cleans it eventually
                }
            }));
        }
        return work;
    }

    /** A small valid checkpoint with every optional file, written once. */
    static synchronized Path base() throws IOException {
        if (checkpoint == null) {
            checkpoint = work().resolve("base");
            var w = ModelFixtures.randomWeights(ModelFixtures.tiny(4, 2, 8), 1);
            var c = w.config();
            var prep = new org.gqa4j.core.data.DataPrep("ohlcv", c.features(), c.targets(), c.horizon(), c.context(),
                    new double[] {0, 0, 0}, new double[] {1, 1, 1}, new double[] {0, 0}, new double[] {1, 1}, 0.7, 0.1, "abc");
            Provenance p = new Provenance("2026-01-01T00:00:00Z", "fuzz", "synthetic", "abc", 10, 7, null, null, null,
                    Map.of("val_loss", 0.5));
            CheckpointIO.write(checkpoint, new Checkpoint(w, prep, p, Map.of("m/embed.w", new float[] {1f, 2f}),
                    new org.gqa4j.core.checkpoint.TrainerState(org.gqa4j.core.checkpoint.TrainerState.VERSION,
                            org.gqa4j.core.checkpoint.TrainerState.RUNNING, 10, org.gqa4j.core.config.TrainingRecipe.defaults(),
                            "vector", "synthetic", "abc", 0.5, 10, 0.4, 0, 0.5, 0, 0, 0, 0, 1.0, null)));
        }
        return checkpoint;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
    }

    private static void resign(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String n : CHECKPOINT_FILES) {
            if (n.equals("checksums.sha256") || !Files.exists(dir.resolve(n))) continue;
            sb.append(sha256(dir.resolve(n))).append("  ").append(n).append('\n');
        }
        Files.writeString(dir.resolve("checksums.sha256"), sb.toString());
    }

    private static String sha256(Path f) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
