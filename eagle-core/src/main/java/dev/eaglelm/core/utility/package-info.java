/**
 * General-purpose {@link dev.eaglelm.core.Utility} implementations: linear scores, a Gaussian bump around
 * a target, and weighted sums. Domain utilities such as the MovieLens content-gap utility live in
 * {@code eagle-embeddings}.
 */
package dev.eaglelm.core.utility;
