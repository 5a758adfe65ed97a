package org.gqa4j.core.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gqa4j.core.Excerpt;
import org.gqa4j.core.InputException;
import org.gqa4j.core.IoErrors;
import org.gqa4j.core.OutputDirectory;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.Weights;

/**
 * The checkpoint format, version {@value #VERSION}: a directory of plain files.
 *
 * <pre>
 * format.json          {"format": "gqa4j-checkpoint", "version": 1}
 * config.json          the model configuration
 * weights.json/.bin    the parameters by name (index + little-endian float32)
 * data_prep.json       features and normalization statistics (fitted on the training split)
 * series.json          a multi-series model only: {"series": [{"name", "data_prep"}, ...]}, one data
 *                      preparation per series (data_prep.json is the first's)
 * provenance.json      data fingerprint, recipe, steps, seed, parent, conversion, metrics
 * optimizer.json/.bin  optimizer moments, when resuming needs them
 * trainer_state.json   step, RNG and data order, when resuming needs them
 * checksums.sha256     SHA-256 of every other file, in sha256sum's format
 * </pre>
 * Written to a temporary sibling and renamed into place, so a crash never leaves a partial
 * checkpoint under the final name. Reading verifies everything before trusting anything.
 */
public final class CheckpointIO {

    public static final int VERSION = 1;
    public static final String FORMAT = "gqa4j-checkpoint";
    static final String FORMAT_FILE = "format.json";
    static final String CONFIG_FILE = "config.json";
    static final String WEIGHTS = "weights";
    static final String DATA_PREP_FILE = "data_prep.json";
    static final String SERIES_FILE = "series.json";
    static final String PROVENANCE_FILE = "provenance.json";
    static final String OPTIMIZER = "optimizer";
    static final String TRAINER_STATE_FILE = "trainer_state.json";
    static final String CHECKSUMS_FILE = "checksums.sha256";

    // temporary and replaced siblings of a checkpoint being written: ".NAME.tmp-N", ".NAME.old-N"
    private static final java.util.function.Function<Path, String> TMP_PREFIX = t -> "." + t.getFileName() + ".tmp-";
    private static final java.util.function.Function<Path, String> OLD_PREFIX = t -> "." + t.getFileName() + ".old-";

    record Format(@JsonProperty("format") String format, @JsonProperty("version") int version) {}

    record SeriesFile(@JsonProperty(value = "series", required = true) List<org.gqa4j.core.data.SeriesPrep> series) {}

    private CheckpointIO() {}

    /** Writes {@code ck} to {@code dir} atomically, replacing an earlier checkpoint there. */
    public static void write(Path dir, Checkpoint ck) throws IOException {
        OutputDirectory.check(dir, "the checkpoint directory");
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        if (Files.exists(target) && !isCheckpoint(target) && !isEmptyDirectory(target)) {
            throw new InputException(target + ": exists and is not a gqa4j checkpoint; refusing to overwrite it");
        }
        Path tmp = parent.resolve(TMP_PREFIX.apply(target) + System.nanoTime());
        try {
            Files.createDirectory(tmp);
        } catch (IOException e) {
            throw IoErrors.named(tmp, e);
        }
        try {
            writeFiles(tmp, ck);
            if (Files.exists(target)) {
                Path old = parent.resolve(OLD_PREFIX.apply(target) + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    private static void writeFiles(Path dir, Checkpoint ck) throws IOException {
        try {
            writeFilesUnnamed(dir, ck);
        } catch (IOException e) {
            throw IoErrors.named(dir, e);
        }
    }

    private static void writeFilesUnnamed(Path dir, Checkpoint ck) throws IOException {
        List<String> files = new ArrayList<>();
        ConfigJson.write(dir.resolve(FORMAT_FILE), new Format(FORMAT, VERSION));
        files.add(FORMAT_FILE);
        ConfigJson.write(dir.resolve(CONFIG_FILE), ck.config());
        files.add(CONFIG_FILE);
        TensorFile.write(dir, WEIGHTS, ck.weights().asMap(), ParamNames.shapes(ck.config()));
        files.add(WEIGHTS + ".json");
        files.add(WEIGHTS + ".bin");
        if (ck.dataPrep() != null) {
            ConfigJson.write(dir.resolve(DATA_PREP_FILE), ck.dataPrep());
            files.add(DATA_PREP_FILE);
        }
        if (ck.series() != null) {
            ConfigJson.write(dir.resolve(SERIES_FILE), new SeriesFile(ck.series()));
            files.add(SERIES_FILE);
        }
        ConfigJson.write(dir.resolve(PROVENANCE_FILE), ck.provenance());
        files.add(PROVENANCE_FILE);
        if (ck.optimizerState() != null) {
            TensorFile.write(dir, OPTIMIZER, ck.optimizerState(), Map.of());
            files.add(OPTIMIZER + ".json");
            files.add(OPTIMIZER + ".bin");
        }
        if (ck.trainerState() != null) {
            ConfigJson.write(dir.resolve(TRAINER_STATE_FILE), ck.trainerState());
            files.add(TRAINER_STATE_FILE);
        }
        StringBuilder sums = new StringBuilder();
        for (String f : files) {
            sync(dir.resolve(f));
            sums.append(Sha256.of(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        Files.writeString(dir.resolve(CHECKSUMS_FILE), sums.toString(), StandardCharsets.UTF_8);
        sync(dir.resolve(CHECKSUMS_FILE));
    }

    /** Reads and verifies a checkpoint; every problem is an {@link InputException} naming the file. */
    public static Checkpoint read(Path dir) {
        try {
            return readChecked(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new InputException(dir + ": cannot read checkpoint: " + e.getMessage(), e);
        }
    }

    private static Checkpoint readChecked(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw InputException.in(dir, "no checkpoint here (not a directory)");
        Path formatFile = require(dir, FORMAT_FILE);
        Format format = ConfigJson.read(formatFile, Format.class);
        if (!FORMAT.equals(format.format())) {
            throw InputException.in(formatFile, "format " + Excerpt.of(format.format()) + " is not '" + FORMAT + "'");
        }
        if (format.version() != VERSION) {
            throw InputException.in(formatFile, "unknown checkpoint format version " + format.version()
                    + "; this gqa4j reads version " + VERSION);
        }
        // 1. the manifest, and every file it names verified, before anything else is parsed
        Map<String, String> sums = readChecksums(require(dir, CHECKSUMS_FILE));
        for (String f : List.of(CONFIG_FILE, WEIGHTS + ".json", WEIGHTS + ".bin", PROVENANCE_FILE)) {
            require(dir, f);
            if (!sums.containsKey(f)) throw InputException.in(dir.resolve(CHECKSUMS_FILE), "has no checksum for " + f);
        }
        List<Path> files = new ArrayList<>();
        for (String f : sums.keySet()) files.add(require(dir, f));
        files.sort(Comparator.comparingLong(CheckpointIO::sizeOf)); // small files first: a forgery fails cheaply
        for (Path f : files) {
            String recorded = sums.get(f.getFileName().toString());
            String actual = Sha256.of(f);
            if (!actual.equals(recorded)) {
                throw InputException.in(f, "SHA-256 mismatch: " + CHECKSUMS_FILE + " records "
                        + recorded + ", the file has " + actual + " (changed or damaged)");
            }
        }
        // 2. the configuration (bounded) and the index (validated against the data file), then the values
        ModelConfig config = ConfigJson.read(dir.resolve(CONFIG_FILE), ModelConfig.class);
        List<TensorFile.Entry> index = TensorFile.readIndex(dir, WEIGHTS);
        checkShapes(dir, config, TensorFile.shapes(index));
        DataPrep dataPrep = null;
        if (sums.containsKey(DATA_PREP_FILE)) {
            checkDataPrep(dir.resolve(DATA_PREP_FILE), config, ConfigJson.read(dir.resolve(DATA_PREP_FILE), JsonNode.class));
            dataPrep = ConfigJson.read(dir.resolve(DATA_PREP_FILE), DataPrep.class);
        }
        List<org.gqa4j.core.data.SeriesPrep> series = null;
        if (sums.containsKey(SERIES_FILE)) {
            Path file = dir.resolve(SERIES_FILE);
            JsonNode list = ConfigJson.read(file, JsonNode.class).path("series");
            if (dataPrep == null || !list.isArray() || list.isEmpty()) {
                throw InputException.in(file, "needs a non-empty \"series\" list and a data_prep.json beside it");
            }
            for (JsonNode one : list) checkDataPrep(file, config, one.path("data_prep"));
            series = ConfigJson.read(file, SeriesFile.class).series();
            if (!series.get(0).prep().equals(dataPrep)) {
                throw InputException.in(file, "the first series' data_prep differs from data_prep.json");
            }
        }
        Provenance provenance = ConfigJson.read(dir.resolve(PROVENANCE_FILE), Provenance.class);
        Map<String, float[]> optimizer = null;
        if (sums.containsKey(OPTIMIZER + ".bin") != sums.containsKey(OPTIMIZER + ".json")) {
            throw InputException.in(dir.resolve(CHECKSUMS_FILE), "lists only one of " + OPTIMIZER + ".json and " + OPTIMIZER + ".bin");
        }
        List<TensorFile.Entry> optIndex = sums.containsKey(OPTIMIZER + ".bin") ? TensorFile.readIndex(dir, OPTIMIZER) : null;
        TrainerState trainer = sums.containsKey(TRAINER_STATE_FILE)
                ? ConfigJson.read(dir.resolve(TRAINER_STATE_FILE), TrainerState.class) : null;
        Map<String, float[]> values = TensorFile.readValues(dir, WEIGHTS, index);
        if (optIndex != null) optimizer = TensorFile.readValues(dir, OPTIMIZER, optIndex);
        return new Checkpoint(Weights.of(config, new LinkedHashMap<>(values)), dataPrep, provenance, optimizer, trainer, series);
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The index must hold exactly the parameters the configuration describes, with their shapes. */
    private static void checkShapes(Path dir, ModelConfig config, Map<String, int[]> shapes) {
        Path index = dir.resolve(WEIGHTS + ".json");
        Map<String, int[]> expected = ParamNames.shapes(config);
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            int[] found = shapes.get(e.getKey());
            if (found == null) {
                throw InputException.in(index, "parameter '" + e.getKey() + "' required by config.json is missing");
            }
            if (!Arrays.equals(found, e.getValue())) {
                throw InputException.in(index, "parameter '" + e.getKey() + "' has shape " + Arrays.toString(found)
                        + " but config.json (d_model=" + config.dModel() + ", n_heads=" + config.nHeads()
                        + ", n_kv_heads=" + config.nKvHeads() + ") needs " + Arrays.toString(e.getValue()));
            }
        }
        for (String name : shapes.keySet()) {
            if (!expected.containsKey(name)) {
                throw InputException.in(index, "parameter " + Excerpt.of(name) + " is not part of the model config.json describes");
            }
        }
    }

    /** data_prep.json must prepare inputs of the shape the model reads: same context, horizon, features, outputs. */
    private static void checkDataPrep(Path file, ModelConfig config, JsonNode prep) {
        List<String> wrong = new ArrayList<>();
        if (prep.has("context") && prep.get("context").asLong() != config.context()) {
            wrong.add("context " + prep.get("context").asLong() + " (the model's is " + config.context() + ")");
        }
        if (prep.has("horizon") && prep.get("horizon").asLong() != config.horizon()) {
            wrong.add("horizon " + prep.get("horizon").asLong() + " (the model's is " + config.horizon() + ")");
        }
        if (prep.has("feature_names") && prep.get("feature_names").size() != config.nFeatures()) {
            wrong.add(prep.get("feature_names").size() + " features (the model reads " + config.nFeatures() + ")");
        }
        if (prep.has("target_names") && prep.get("target_names").size() != config.targets().size()) {
            wrong.add(prep.get("target_names").size() + " targets (the model forecasts " + config.targets().size() + ")");
        }
        if (!wrong.isEmpty()) {
            throw InputException.in(file, "disagrees with config.json: " + String.join(", ", wrong));
        }
    }

    /**
     * Repairs what a kill in the middle of {@link #write} can leave next to {@code target}: if the
     * checkpoint itself is missing but its replaced copy ({@code .NAME.old-N}, complete by
     * construction) is there, that copy is put back; then every temporary or replaced sibling is
     * deleted. Call it only while no other process writes {@code target} (a run directory's lock).
     */
    public static void recover(Path target) throws IOException {
        Path t = target.toAbsolutePath().normalize();
        Path parent = t.getParent();
        if (parent == null || !Files.isDirectory(parent)) return;
        String tmp = TMP_PREFIX.apply(t);
        String old = OLD_PREFIX.apply(t);
        List<Path> olds = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(parent)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (n.startsWith(old)) olds.add(p);
                else if (n.startsWith(tmp)) stale.add(p);
            }
        }
        olds.sort(Comparator.comparing(p -> p.getFileName().toString()));
        if (!Files.exists(t) && !olds.isEmpty()) {
            Path newest = olds.remove(olds.size() - 1);
            Files.move(newest, t, StandardCopyOption.ATOMIC_MOVE);
        }
        stale.addAll(olds);
        for (Path p : stale) deleteTree(p);
    }

    /** The checkpoint's identity: SHA-256 of its checksum manifest (so of every file in it). */
    public static String hash(Path dir) {
        try {
            return Sha256.of(require(dir.toAbsolutePath().normalize(), CHECKSUMS_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when {@code dir} holds a multi-series model (a series.json; verified only when read). */
    public static boolean isMultiSeries(Path dir) {
        return Files.isRegularFile(dir.resolve(SERIES_FILE));
    }

    public static boolean isCheckpoint(Path dir) {
        return Files.isRegularFile(dir.resolve(FORMAT_FILE));
    }

    /** The largest checksum manifest read: a checkpoint lists about ten files. */
    static final long MAX_MANIFEST_BYTES = 64 << 10;

    /**
     * The file names a checkpoint's manifest lists, each checked to be a plain name inside
     * {@code dir} ({@link PlainName}); every reader and publisher of checkpoint files goes
     * through this.
     */
    public static List<String> manifest(Path dir) {
        try {
            return List.copyOf(readChecksums(dir.resolve(CHECKSUMS_FILE)).keySet());
        } catch (IOException e) {
            throw InputException.in(dir.resolve(CHECKSUMS_FILE), "cannot read: " + IoErrors.describe(e));
        }
    }

    private static Map<String, String> readChecksums(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_MANIFEST_BYTES) {
            throw InputException.in(file, size + " bytes; a checksum manifest is at most " + MAX_MANIFEST_BYTES + " bytes");
        }
        Map<String, String> sums = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            int sep = line.indexOf("  ");
            if (sep != 64 || line.substring(0, 64).chars().anyMatch(ch -> Character.digit(ch, 16) < 0)) {
                throw InputException.at(file, i + 1, "expected '<64 hex digits>  <file name>', found " + Excerpt.of(line));
            }
            String name = PlainName.check(file, i + 1, line.substring(sep + 2));
            if (name.equals(CHECKSUMS_FILE)) throw InputException.at(file, i + 1, "the manifest cannot list itself");
            if (sums.put(name, line.substring(0, 64)) != null) {
                throw InputException.at(file, i + 1, "file " + Excerpt.of(name) + " is listed twice");
            }
        }
        return sums;
    }

    private static Path require(Path dir, String name) {
        Path f = PlainName.resolve(dir, name);
        if (!Files.isRegularFile(f)) throw InputException.in(dir, "missing file " + name + " (not a complete gqa4j checkpoint)");
        return f;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Deletes a directory tree; used for temporary and replaced checkpoints. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
