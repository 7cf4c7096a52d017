/**
 * Utilities over behavioural latent spaces: the MovieLens
 * {@link dev.eaglelm.embeddings.utility.ContentGapUtility} (PAPER.md &sect;4), its novelty term
 * {@link dev.eaglelm.embeddings.utility.NeighbourDistanceUtility}, and
 * {@link dev.eaglelm.embeddings.utility.ContentGaps} to find under-served users and sparse regions. The affinity
 * term and the weighted sums are eagle-core's {@code LinearUtility} and {@code Utility.weightedSum}.
 */
package dev.eaglelm.embeddings.utility;
