package org.gqa4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.gqa4j.core.checkpoint.layout.CheckpointImport;
import org.gqa4j.core.checkpoint.layout.Layouts;
import org.gqa4j.core.data.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import a checkpoint trained elsewhere (a HuggingFace-style directory).",
                "The directory holds config.json and model.safetensors (or a sharded model.safetensors.index.json),",
                "F32/F16/BF16. Every config key and",
                "tensor is checked; on any error nothing is written. Provenance records the source files and SHA-256."})
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "the foreign checkpoint directory")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "CKPT", description = "the new gqa4j checkpoint (must not exist)")
    Path out;

    @Option(names = "--layout", defaultValue = Layouts.AUTO, paramLabel = "L",
            description = "auto | llama (default ${DEFAULT-VALUE}: from config.json's model_type / architectures)")
    String layout;

    @Option(names = "--data", paramLabel = "D", description = "attach a data preparation fitted on D's training split (so eval and convert can use D)")
    String data;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT", converter = Cli.FormatConverter.class,
            completionCandidates = Cli.FormatNames.class, description = "file format of --data: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--target", split = ",", paramLabel = "NAME",
            description = "targets of the data preparation (default for price bars: return,abs_return); outputs = targets x horizon")
    List<String> targets;

    @Override
    public Integer call() {
        var r = CheckpointImport.run(new CheckpointImport.Request(from, out, layout, data, format, targets), Cli::progress);
        var c = r.config();
        System.out.printf("%s: imported %d tensors (%s layout): %d layers, d_model %d, %d heads / %d KV heads, context %d%s%n",
                r.out(), r.tensors(), r.layout(), c.nLayers(), c.dModel(), c.nHeads(), c.nKvHeads(), c.context(),
                r.dataAttached() ? ", data preparation from " + data : "");
        return 0;
    }
}
