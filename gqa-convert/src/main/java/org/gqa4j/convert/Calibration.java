package org.gqa4j.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.gqa4j.core.data.PreparedData;

/**
 * Input windows the data-aware methods observe the model on: TRAIN windows only, so conversion
 * never sees the test split it is judged on.
 *
 * @param x           [windows, seqLen, features] row-major
 * @param windows     number of windows
 * @param seqLen      bars per window
 * @param features    input width
 * @param fingerprint SHA-256 of the window values, recorded in provenance
 */
public record Calibration(float[] x, int windows, int seqLen, int features, String fingerprint) {

    /** The default number of calibration windows: enough for stable second moments, cheap to run. */
    public static final int DEFAULT_WINDOWS = 64;

    public Calibration {
        if (windows < 1 || seqLen < 1 || features < 1 || x.length != windows * seqLen * features) {
            throw new IllegalArgumentException("calibration windows: " + x.length + " values for "
                    + windows + " x " + seqLen + " x " + features);
        }
    }

    /** Wraps windows and fingerprints them. */
    public static Calibration of(float[] x, int windows, int seqLen, int features) {
        return new Calibration(x, windows, seqLen, features, sha256(x));
    }

    /**
     * Up to {@code maxWindows} training windows spread evenly over the train split (deterministic,
     * so the same data gives the same conversion).
     */
    public static Calibration fromTrain(PreparedData data, int maxWindows) {
        int[] starts = data.trainWindowStarts();
        if (starts.length == 0) {
            throw new IllegalArgumentException("the train split has no complete window of " + data.context() + " bars");
        }
        int n = Math.min(maxWindows, starts.length);
        int[] chosen = new int[n];
        for (int i = 0; i < n; i++) chosen[i] = starts[(int) ((long) i * (starts.length - 1) / Math.max(1, n - 1))];
        float[] x = new float[n * data.context() * data.featureCount()];
        float[] y = new float[n * data.context() * data.outputCount()];
        data.fillTrainBatch(chosen, x, y);
        return of(x, n, data.context(), data.featureCount());
    }

    private static String sha256(float[] x) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(x.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(x);
            md.update(buf.array());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
