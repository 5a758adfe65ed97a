package org.gqa4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gqa4j.core.checkpoint.layout.CheckpointExport;
import org.gqa4j.core.checkpoint.layout.LlamaLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a gqa4j checkpoint as a HuggingFace-style directory that PyTorch loaders read.",
                "It holds config.json + model.safetensors (F32); a converted GQA model exports with num_key_value_heads = G."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "CKPT", description = "the gqa4j checkpoint")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the new directory (must not exist)")
    Path out;

    @Option(names = "--layout", defaultValue = LlamaLayout.NAME, paramLabel = "L", description = "llama (default ${DEFAULT-VALUE})")
    String layout;

    @Override
    public Integer call() {
        var r = CheckpointExport.run(from, out, layout);
        System.out.printf("%s: exported %d tensors (%s layout)%n", r.out(), r.tensors(), r.layout());
        return 0;
    }
}
