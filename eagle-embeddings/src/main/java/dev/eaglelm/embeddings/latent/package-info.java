/**
 * E<sub>D</sub>, the trained text&rarr;behaviour encoder (PAPER.md &sect;3):
 * {@link dev.eaglelm.embeddings.latent.TextToLatentEncoder} composes a sentence encoder with a
 * {@link dev.eaglelm.embeddings.latent.LatentRegressor} head ({@link dev.eaglelm.embeddings.latent.RidgeRegressor},
 * {@link dev.eaglelm.embeddings.latent.MlpRegressor}); {@link dev.eaglelm.embeddings.latent.LatentEvaluation}
 * measures it on held-out items; {@link dev.eaglelm.embeddings.latent.RegressorFiles} saves and loads heads.
 */
package dev.eaglelm.embeddings.latent;
