package org.gqa4j.core.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gqa4j.core.model.Weights;

/**
 * The version-1 checkpoint fixture (written by the code before the architecture redesign,
 * copied from the shared fixtures) and its recorded inputs and outputs, from the test classpath.
 * Output files were computed by commit d1d47ef (see their headers).
 */
public final class V1Fixture {

    public static final int BATCH = 3, T = 16, FEATURES = 3, OUTPUTS = 2;
    private static final List<String> FILES = List.of("checksums.sha256", "config.json", "data_prep.json", "format.json",
            "provenance.json", "weights.bin", "weights.json");

    private V1Fixture() {}

    /** The checkpoint copied into {@code dir}/v1-checkpoint (resources may sit inside a jar). */
    public static Path copyTo(Path dir) {
        Path out = dir.resolve("v1-checkpoint");
        try {
            Files.createDirectories(out);
            for (String f : FILES) {
                try (InputStream in = open("v1-checkpoint/" + f)) {
                    Files.copy(in, out.resolve(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static Weights weights(Path tmp) {
        return CheckpointIO.read(copyTo(tmp)).weights();
    }

    /** The fixture's data preparation (typed). */
    public static org.gqa4j.core.data.DataPrep dataPrep() {
        try (InputStream in = open("v1-checkpoint/data_prep.json")) {
            return org.gqa4j.core.data.DataPrep.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inputs [3, 16, 3] row-major. */
    public static float[] inputs() {
        return floats("v1-checkpoint-inputs.txt");
    }

    /** Outputs [3, 16, 2] recorded with the old code's {@code engine}: fastforward, samediff or stream. */
    public static float[] expected(String engine) {
        return floats("v1-checkpoint-expected-" + engine + ".txt");
    }

    private static float[] floats(String resource) {
        try (InputStream in = open(resource)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
            float[] v = new float[lines.size()];
            for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(lines.get(i).trim(), 16));
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = V1Fixture.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("test resource " + resource + " not on the classpath");
        return in;
    }
}
