package org.gqa4j.core.checkpoint.layout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.checkpoint.Sha256;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.tensor.FloatTensor;

/**
 * {@code gqa import}: a foreign checkpoint directory in, a gqa4j checkpoint out. Everything is
 * read and checked (config keys, every tensor's name and shape, the data's feature count)
 * before the checkpoint is written, atomically; on any error nothing is written. Provenance
 * records the layout, the source directory and each source file with its SHA-256.
 */
public final class CheckpointImport {

    /**
     * @param from    the foreign checkpoint directory
     * @param out     the new gqa4j checkpoint (must not exist, or be empty)
     * @param layout  a layout name or "auto"
     * @param data    data to fit a data preparation on (its training split), or null
     * @param format  the data's format
     * @param targets target names for the data preparation, or null for the defaults
     */
    public record Request(Path from, Path out, String layout, String data, Format format, List<String> targets, SplitSpec split) {
        public Request {
            split = split == null ? SplitSpec.Chronological.DEFAULT : split;
        }

        /** With the default split (chronological). */
        public Request(Path from, Path out, String layout, String data, Format format, List<String> targets) {
            this(from, out, layout, data, format, targets, null);
        }
    }

    public record Result(Path out, String layout, ModelConfig config, int tensors, boolean dataAttached) {}

    private CheckpointImport() {}

    public static Result run(Request r, Consumer<String> progress) {
        NewDirectory.requireNew(r.out(), "--out");
        if (r.data() == null && r.targets() != null) throw new InputException("--target needs --data (the data the targets come from)");
        try (ForeignCheckpoint fc = ForeignCheckpoint.open(r.from())) {
            Layout layout = Layouts.choose(r.layout(), fc.configFile(), fc.config());
            LayoutMapping m = layout.fromForeign(fc.configFile(), fc.config());
            progress.accept("reading " + m.tensors().size() + " tensors from " + r.from() + " (" + layout.name() + " layout)");
            Map<String, FloatTensor> params = m.readGqa(fc.tensors(), r.from());
            ObjectNode gqa = m.gqaConfig().deepCopy();
            DataPrep prep = null;
            PriceSeries series = null;
            if (r.data() != null) {
                series = Datasets.load(r.data(), r.format());
                prep = attach(gqa, series, r.targets(), r.data(), r.split());
                progress.accept("data preparation fitted on the training split of " + r.data() + ": features "
                        + prep.featureNames() + ", targets " + prep.targetNames() + ", horizon " + prep.horizon());
            }
            ModelConfig config = parse(gqa, fc.configFile());
            Weights weights = weights(config, params, r.from());
            Provenance p = new Provenance(Instant.now().toString(), org.gqa4j.core.BuildInfo.codeVersion(), r.data(),
                    series == null ? null : series.fingerprint(), 0, config.seed(), null, null, null, null,
                    source(layout.name(), fc));
            CheckpointIO.write(r.out(), new Checkpoint(weights,
                    prep, p, null, null));
            return new Result(r.out(), layout.name(), config, params.size(), prep != null);
        } catch (IOException e) {
            throw new UncheckedIOException("importing " + r.from() + ": " + e.getMessage(), e);
        }
    }

    /** Fits the data preparation and names the model's features, targets and horizon after it. */
    static DataPrep attach(ObjectNode gqa, PriceSeries series, List<String> targets, String dataName, SplitSpec split) {
        int inputs = gqa.get("features").size();
        int outputs = gqa.get("targets").size() * gqa.get("horizon").asInt();
        int context = gqa.get("context").asInt();
        DataPrep names = DataPrep.fit(series, targets, 1, context);
        if (names.featureCount() != inputs) {
            throw new InputException(dataName + " gives " + names.featureCount() + " input features " + names.featureNames()
                    + " but the imported model's input size is " + inputs);
        }
        int n = names.targetNames().size();
        if (outputs % n != 0) {
            throw new InputException("the imported model has " + outputs + " outputs, not a multiple of the " + n + " targets "
                    + names.targetNames() + " (outputs = targets x horizon); choose targets with --target");
        }
        int horizon = outputs / n;
        DataPrep prep = DataPrep.fit(series, names.targetNames(), horizon, context, split);
        gqa.putPOJO("features", prep.featureNames());
        gqa.putPOJO("targets", prep.targetNames());
        gqa.put("horizon", horizon);
        return prep;
    }

    /**
     * The SHA-256 of a foreign checkpoint's content: its files (config, weights, shard index) by
     * relative name and content hash, so a cache keyed by it changes when any byte does.
     */
    public static String sourceHash(Path dir) {
        try (ForeignCheckpoint fc = ForeignCheckpoint.open(dir)) {
            return contentHash(source(null, fc));
        } catch (IOException e) {
            throw new UncheckedIOException("hashing " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@link #sourceHash} of the files an import recorded in its provenance (no file is read again). */
    public static String contentHash(Provenance.Source source) {
        StringBuilder sb = new StringBuilder();
        for (Provenance.SourceFile f : source.files()) sb.append(f.name()).append('=').append(f.sha256()).append('\n');
        return Sha256.of(sb.toString());
    }

    private static ModelConfig parse(ObjectNode gqa, Path configFile) {
        try {
            return ConfigJson.parse(configFile.toString(), gqa.toString(), ModelConfig.class);
        } catch (InputException e) {
            throw new InputException("the imported model as a gqa4j configuration " + gqa + " is not accepted: " + e.getMessage(), e);
        }
    }

    private static Weights weights(ModelConfig config, Map<String, FloatTensor> params, Path from) {
        Map<String, float[]> values = new LinkedHashMap<>();
        params.forEach((k, v) -> values.put(k, v.data()));
        try {
            return Weights.of(config, values);
        } catch (IllegalArgumentException e) {
            throw InputException.in(from, "the tensors do not fit the gqa4j model of this config: " + e.getMessage());
        }
    }

    private static Provenance.Source source(String layout, ForeignCheckpoint fc) throws IOException {
        Path dir = fc.dir().toAbsolutePath().normalize();
        List<Provenance.SourceFile> files = new ArrayList<>();
        for (Path f : fc.files()) {
            files.add(new Provenance.SourceFile(dir.relativize(f.toAbsolutePath().normalize()).toString(), Sha256.of(f)));
        }
        return new Provenance.Source(layout, dir.toString(), files);
    }
}
