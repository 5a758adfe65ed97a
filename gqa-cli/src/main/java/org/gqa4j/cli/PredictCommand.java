package org.gqa4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.tensor.FloatTensor;
import org.gqa4j.core.tensor.SafetensorsFile;
import org.gqa4j.core.tensor.SafetensorsWriter;
import org.gqa4j.eval.predict.BarForecasts;
import org.gqa4j.eval.predict.TensorPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a checkpoint's model.",
                "  --input X.safetensors --output Y.safetensors: tensor 'inputs' [batch, time, n_features] (model-space,",
                "      normalized features; time <= context) -> tensor 'outputs' [batch, time, n_outputs] (float32).",
                "  --data D --out forecasts.csv: a forecast in raw units for every bar of D with a full window:",
                "      columns time (ISO-8601 UTC) and one per target and horizon step (e.g. return+1)."})
final class PredictCommand implements Callable<Integer> {

    static final String INPUTS = "inputs";
    static final String OUTPUTS = "outputs";

    @Parameters(paramLabel = "CKPT", description = "checkpoint directory")
    Path checkpoint;

    @Option(names = "--input", paramLabel = "X.safetensors", description = "safetensors file holding the tensor 'inputs'")
    Path input;

    @Option(names = "--output", paramLabel = "Y.safetensors", description = "where to write the tensor 'outputs'")
    Path output;

    @Option(names = "--data", paramLabel = "D", description = "built-in dataset name or a CSV/JSON price file; A,B,C: a multi-series model's series, in order")
    String data;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT", converter = Cli.FormatConverter.class,
            completionCandidates = Cli.FormatNames.class, description = "file format of --data: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", paramLabel = "forecasts.csv", description = "where to write the forecasts of --data")
    Path out;

    @Override
    public Integer call() throws IOException {
        boolean tensors = input != null || output != null;
        boolean bars = data != null || out != null;
        if (tensors == bars) {
            throw new InputException("give either --input X.safetensors --output Y.safetensors, or --data D --out forecasts.csv");
        }
        if (tensors && (input == null || output == null)) throw new InputException("--input and --output go together");
        if (bars && (data == null || out == null)) throw new InputException("--data and --out go together");
        Checkpoint ck = CheckpointIO.read(checkpoint);
        if (tensors) predictTensor(ck);
        else predictBars(ck);
        return 0;
    }

    private void predictTensor(Checkpoint ck) throws IOException {
        FloatTensor x;
        try (SafetensorsFile f = SafetensorsFile.open(input)) {
            if (f.entry(INPUTS) == null) {
                throw InputException.in(input, "has no tensor '" + INPUTS + "' [batch, time, n_features]; it holds " + f.names());
            }
            x = f.read(INPUTS);
        }
        FloatTensor y = TensorPredictor.predict(ck.weights(), x, input);
        SafetensorsWriter.writeF32(output, Map.of(OUTPUTS, y));
        System.out.println(output + ": outputs " + y.shapeText());
    }

    private void predictBars(Checkpoint ck) throws IOException {
        if (ck.dataPrep() == null) {
            throw InputException.in(checkpoint, "has no data_prep.json, so raw forecasts cannot be made; import it with --data, or use --input");
        }
        if (ck.multiSeries()) {
            // one model, several series: each forecast with its own series' normalization, labelled by the series
            List<String> names = org.gqa4j.core.data.MultiSeries.forCheckpoint(data, ck.series());
            List<String> labels = new ArrayList<>();
            List<BarForecasts.Result> results = new ArrayList<>();
            for (int k = 0; k < names.size(); k++) {
                labels.add(ck.series().get(k).name());
                results.add(BarForecasts.forecast(ck.weights(), ck.series().get(k).prep(), Datasets.load(names.get(k), format)));
            }
            writeCsv(out, labels, results);
            int rows = results.stream().mapToInt(x -> x.times().length).sum();
            System.out.println(out + ": " + rows + " forecasts of " + names.size() + " series (columns series, time, "
                    + String.join(", ", results.get(0).columns()) + ") in raw units");
            return;
        }
        DataPrep prep = ck.dataPrep();
        PriceSeries series = Datasets.load(data, format);
        BarForecasts.Result r = BarForecasts.forecast(ck.weights(), prep, series);
        writeCsv(out, r);
        System.out.println(out + ": " + r.times().length + " forecasts (" + String.join(", ", r.columns()) + ") in raw units");
    }

    static void writeCsv(Path file, BarForecasts.Result r) throws IOException {
        writeCsv(file, null, List.of(r));
    }

    /** The forecasts of one or (with a leading {@code series} column naming each row's series) several series. */
    static void writeCsv(Path file, List<String> series, List<BarForecasts.Result> results) throws IOException {
        BarForecasts.Result r = results.get(0);
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + System.nanoTime());
        List<String> header = new ArrayList<>();
        if (series != null) header.add("series");
        header.add("time");
        header.addAll(r.columns());
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
                p.printRecord(header);
                List<Object> row = new ArrayList<>(header.size());
                for (int k = 0; k < results.size(); k++) {
                    BarForecasts.Result one = results.get(k);
                    for (int i = 0; i < one.times().length; i++) {
                        row.clear();
                        if (series != null) row.add(series.get(k));
                        row.add(Instant.ofEpochMilli(one.times()[i]).toString());
                        for (double v : one.values()[i]) row.add(Double.toString(v));
                        p.printRecord(row);
                    }
                }
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
