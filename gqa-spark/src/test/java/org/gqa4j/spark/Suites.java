package org.gqa4j.spark;

/** The suites the tests run: tiny models, few steps. */
final class Suites {

    private Suites() {}

    static final String TINY = """
            parent: {layers: 1, d_model: 8, heads: 4, ffn: 16, steps: 12, batch: 4, lr: 0.003}
            evaluation: {instruments: 1, latency: false, memory_samples: 0}
            """;

    /** 2 instruments x (the parent and 3 conversions) x 2 seeds: 2 x 2 x (1 train + 3 converts + 4 scores) + 2 reports = 34 jobs. */
    static final String TWO_BY_THREE_BY_TWO = """
            name: two-instruments
            seeds: [1, 2]
            tasks:
              - {name: synth, data: synthetic, targets: [return, abs_return], context: 8,
                 split: {kind: rows, train_end: 600, val_end: 700, test_end: 800}}
              - {name: eth, data: eth-usd-5m, targets: [return], context: 8}
            models:
              - {name: mha, kind: parent}
              - {name: gqa2-mean, kind: convert, kv_heads: 2, method: mean, alpha: 0.25}
              - {name: gqa2-aligned, kind: convert, kv_heads: 2, method: aligned, alpha: 0}
              - {name: mqa-mean, kind: convert, kv_heads: 1, method: mean, alpha: 0.25}
            """ + TINY;

    /** One task, one seed, the parent and one conversion: train, convert, 2 scores, report = 5 jobs. */
    static final String SMALL = """
            name: small
            seeds: [3]
            tasks:
              - {name: synth, data: synthetic, targets: [return], context: 8,
                 split: {kind: rows, train_end: 600, val_end: 700, test_end: 800}}
            models:
              - {name: mha, kind: parent}
              - {name: gqa2, kind: convert, kv_heads: 2, method: mean, alpha: 0.25}
            """ + TINY;
}
