package org.gqa4j.cli;

import org.gqa4j.core.InputException;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.Ffn;
import org.gqa4j.core.config.Norm;
import picocli.CommandLine.Option;

/** The architecture flags of the benchmarks (the same spellings as {@code gqa train}'s): norm, feed-forward, biases. */
final class ArchitectureOptions {

    @Option(names = "--norm", defaultValue = "layernorm", paramLabel = "KIND", description = "layernorm (default, eps 0) or rmsnorm (eps 1e-5)")
    String norm;

    @Option(names = "--ffn", defaultValue = "gelu", paramLabel = "KIND", description = "gelu (default), gelu-exact or swiglu")
    String ffn;

    @Option(names = "--no-bias", description = "no attention or feed-forward biases")
    boolean noBias;

    Architecture architecture() {
        if (ffn.matches("\\d+")) {
            throw new InputException("--ffn " + ffn + ": --ffn names the feed-forward kind (gelu, gelu-exact or swiglu)"
                    + " as in gqa train; give its width as --ffn-dim " + ffn);
        }
        Norm n = Norm.parse(norm);
        return Architecture.V1.withNorm(n, n.defaultEps()).withFfn(Ffn.parse(ffn)).withBiases(!noBias, !noBias);
    }

    /** A benchmark's JSON line led by the architecture it timed, so results of different variants cannot be mixed up. */
    static String leadWith(Architecture arch, String jsonLine) {
        return jsonLine.replaceFirst("\\{", "{\"architecture\":\"" + arch.describe() + "\",");
    }
}
