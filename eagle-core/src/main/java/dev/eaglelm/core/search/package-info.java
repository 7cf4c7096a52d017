/**
 * Inference-time search over action sequences scored by the utility, an alternative to sampling from a
 * policy: {@link dev.eaglelm.core.search.BeamSearch}, the paper's sampled
 * {@link dev.eaglelm.core.search.TreeSearch} (App. I), and {@link dev.eaglelm.core.search.ExhaustiveSearch},
 * which gives exact optima and exact expectations for deterministic environments.
 */
package dev.eaglelm.core.search;
