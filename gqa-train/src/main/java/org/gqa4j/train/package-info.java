/**
 * Training: {@link org.gqa4j.train.Trainer} (AdamW, warmup + cosine, clipping, validation,
 * early stopping, checkpoints, bit-exact resume, NaN guard) over a
 * {@link org.gqa4j.core.engine.ModelEngine} that computes loss and gradients: by default the
 * hand-written Vector API engine, checked against the SameDiff graph that defines the model.
 *
 * <p>Entry points:
 * <pre>
 * new Trainer(recipe).listener(ConsoleProgress.auto()).trainNew(config, data, dataset, out)   // gqa train
 * new Trainer(recipe.forBudget(n)).provenance(base).train(weights, data, dataset, outOrNull)  // uptraining
 * Trainer.inspectRun(out) then new Trainer(null).resume(out, data)                           // gqa train --resume
 * TrainBenchmark.run(TrainBenchmark.referenceConfig(128, 64, 4, 8, 8), 32).toJsonLine()      // gqa bench train
 * </pre>
 * The run directory is itself the trained model (a checkpoint); see {@code RunDirectory}.
 */
package org.gqa4j.train;
