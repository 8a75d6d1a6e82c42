/**
 * Model bundles: a trained run's model packed to run outside Kenning. A bundle is a folder with
 * the SameDiff model, the same inference graph as ONNX ({@link dev.kenning.export.OnnxGraphWriter}),
 * copies of the ontology and rule files it was trained with, and {@code manifest.json} saying
 * what goes in, what comes out, which knowledge shaped it and with which metrics.
 * {@link dev.kenning.export.ModelBundle} writes, checks and runs bundles.
 */
package dev.kenning.export;
