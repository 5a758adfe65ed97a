package org.gqa4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a checkpoint: configuration, parameters, KV-cache bytes, provenance.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CKPT", description = "checkpoint directory (a training run directory is one)")
    Path checkpoint;

    @Option(names = "--instruments", defaultValue = "1", paramLabel = "N", description = "instruments for the KV-cache figure (default ${DEFAULT-VALUE})")
    int instruments;

    @Override
    public Integer call() {
        Path dir = checkpoint;
        Checkpoint ck = CheckpointIO.read(dir);
        ModelConfig c = ck.config();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", dir.toString());
        out.put("sha256", CheckpointIO.hash(dir));
        out.put("config", c);
        out.put("architecture", c.arch().describe());
        long params = ck.weights().parameterCount();
        out.put("params", params);
        out.put("param_bytes", params * Float.BYTES);
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("instruments", instruments);
        kv.put("context", c.context());
        kv.put("bytes_per_layer", c.kvCacheBytes(instruments) / c.nLayers());
        kv.put("bytes_total", c.kvCacheBytes(instruments));
        out.put("kv_cache", kv);
        out.put("provenance", ck.provenance());
        if (ck.multiSeries()) out.put("series", ck.series().stream().map(org.gqa4j.core.data.SeriesPrep::name).toList());
        System.out.println(ConfigJson.toJson(out));
        return 0;
    }
}
