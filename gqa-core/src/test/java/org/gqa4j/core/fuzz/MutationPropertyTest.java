package org.gqa4j.core.fuzz;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fuzz property over seeded random mutations of the corpus: repeatable (fixed seeds), and
 * it explores beyond the corpus on every build, where Jazzer's regression mode only replays it.
 * Mutations a hostile or careless file has: flipped and replaced bytes, deleted and duplicated
 * chunks, long digit runs, separators and quotes inserted.
 */
class MutationPropertyTest {

    static final int MUTANTS_PER_SEED = 40;

    @ParameterizedTest
    @ValueSource(strings = {"csvLoader", "jsonLoader", "checkpointReader", "configParser"})
    void mutantsEndInSuccessOrAnInputError(String target) throws Exception {
        Consumer<byte[]> run = switch (target) {
            case "csvLoader" -> FuzzTargets::csv;
            case "jsonLoader" -> FuzzTargets::json;
            case "checkpointReader" -> FuzzTargets::checkpoint;
            default -> FuzzTargets::config;
        };
        SplittableRandom rng = new SplittableRandom(target.hashCode());
        for (byte[] seed : seeds(target)) {
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                byte[] mutant = mutate(seed, rng);
                try {
                    run.accept(mutant);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(target + " failed on a mutant (hex): " + java.util.HexFormat.of()
                            .formatHex(mutant, 0, Math.min(mutant.length, 400)), e);
                }
            }
        }
    }

    static byte[] mutate(byte[] seed, SplittableRandom rng) {
        List<Byte> b = new ArrayList<>(seed.length + 16);
        for (byte x : seed) b.add(x);
        int edits = 1 + rng.nextInt(4);
        byte[] specials = {',', ';', '\t', '\n', '"', '-', '.', 'e', '9', '0', '{', '}', '[', ']', ':', '/', 0, (byte) 0xff};
        for (int k = 0; k < edits; k++) {
            int at = b.isEmpty() ? 0 : rng.nextInt(b.size());
            switch (rng.nextInt(6)) {
                case 0 -> { if (!b.isEmpty()) b.set(at, (byte) (b.get(at) ^ (1 << rng.nextInt(8)))); }
                case 1 -> { if (!b.isEmpty()) b.set(at, specials[rng.nextInt(specials.length)]); }
                case 2 -> { int n = Math.min(b.size() - at, 1 + rng.nextInt(16)); for (int j = 0; j < n && at < b.size(); j++) b.remove(at); }
                case 3 -> { int n = Math.min(b.size() - at, 1 + rng.nextInt(64)); List<Byte> chunk = new ArrayList<>(b.subList(at, at + n)); b.addAll(at, chunk); }
                case 4 -> { int n = 1 + rng.nextInt(400); for (int j = 0; j < n; j++) b.add(at, (byte) '9'); }
                default -> b.add(at, specials[rng.nextInt(specials.length)]);
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) out[i] = b.get(i);
        return out;
    }

    static List<byte[]> seeds(String target) throws IOException, URISyntaxException {
        Path dir = Path.of(MutationPropertyTest.class.getResource("InputFuzzTestInputs/" + target).toURI());
        List<byte[]> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) out.add(Files.readAllBytes(p));
        }
        return out;
    }
}
