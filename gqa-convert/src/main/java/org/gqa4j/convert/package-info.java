/**
 * MHA to GQA/MQA conversion (SPEC section 6): merge a model's key/value heads into fewer
 * groups, then optionally uptrain.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link org.gqa4j.convert.ConversionJob#run} &mdash; {@code gqa convert}: checkpoint in,
 *       checkpoint out, with provenance; every check before any output, one atomic write.</li>
 *   <li>{@link org.gqa4j.convert.Converter#convert} &mdash; weights in, weights out, plus the
 *       {@link org.gqa4j.convert.ConversionResult record} of groups, query order and
 *       calibration fingerprint.</li>
 *   <li>{@link org.gqa4j.convert.ConversionMethods} &mdash; the method names.</li>
 * </ul>
 *
 * <h2>Methods</h2>
 * <ul>
 *   <li>{@code mean}: each new K and V head is the mean of its group's heads (Ainslie et al. 2023).</li>
 *   <li>{@code first}, {@code random}: keep one head per group (the paper's ablations).</li>
 *   <li>{@code aligned} (data-aware): merge adjacent heads after aligning them on calibration
 *       activations: values through the best shared rank-head_dim subspace with per-head maps
 *       folded into the output projection, keys per rotary pair through a complex factor folded
 *       into the queries (the only maps that commute with RoPE). Exact when heads differ only
 *       by such maps; see {@link org.gqa4j.convert.AlignedMerger}.</li>
 *   <li>{@code regroup-mean}, {@code regroup-aligned} (data-aware): first choose which heads
 *       to group by the merge loss on calibration data (exhaustive search for up to 16 heads),
 *       permuting query heads and output rows with their KV heads so the function is unchanged,
 *       then merge.</li>
 * </ul>
 * Data-aware methods calibrate on 64 windows of the TRAIN split, block by block on the model
 * as converted so far.
 *
 * <h2>Measured quality ({@code QualityBenchmark}, {@code -Dbench=true})</h2>
 * A model trained with the project's trainer and default recipe (600 steps) on the synthetic
 * market: d_model 64, 2 layers, 8 heads, context 32; test MSE 0.976 over 4001 test positions.
 * Each cell: test MSE minus the parent's | mean squared difference to the parent's forecasts,
 * both x1e-3 (normalized units).
 * <pre>
 * before uptraining   G=4                G=2                G=1 (MQA)
 * mean                +8.46 | 18.50     +21.38 | 33.20     +30.11 | 43.07
 * first               +6.11 | 10.75     +22.79 | 31.77     +33.98 | 45.52
 * random              +9.07 | 12.08     +22.71 | 33.10     +19.53 | 27.73
 * aligned             +2.04 |  3.68      +2.04 |  4.84      +5.40 |  7.85
 * regroup-mean        +6.49 | 10.64     +14.18 | 23.34     +30.11 | 43.07
 * regroup-aligned     +0.84 |  1.41      +2.77 |  4.91      +5.40 |  7.85
 *
 * after uptraining 30 steps (alpha 0.05), mean of 3 seeds
 * parent (control)    -0.24 |  0.62      -0.24 |  0.62      -0.24 |  0.62
 * mean                +0.99 | 11.31      +3.53 | 15.57      +5.96 | 19.19
 * aligned             +0.25 |  4.07      +1.78 |  5.56      +4.06 |  7.27
 * regroup-mean        +3.23 |  8.45      +4.05 | 13.79      +5.96 | 19.19
 * regroup-aligned     +0.92 |  1.89      +1.28 |  4.41      +4.06 |  7.27
 * </pre>
 * Before uptraining the aligned merges lose 4 to 10 times less than {@code mean}; after
 * uptraining they keep a clear lead in fidelity and a smaller one in test MSE.
 * {@code regroup-aligned} is the {@link org.gqa4j.convert.ConversionMethods#RECOMMENDED
 * recommended} method (for MQA, a single group, it equals {@code aligned}). Calibrating each
 * block on the already-converted earlier blocks made no measurable difference here; it is
 * kept because it is the principled choice and costs nothing extra.
 *
 * <p>Uptraining at the parent's peak learning rate (warmup again) instead of continuing at its
 * final one made every model worse, the unconverted parent included (+3.2e-3), and left the
 * methods within noise of each other; hence {@link org.gqa4j.convert.Uptraining}'s rule.
 */
package org.gqa4j.convert;
