/**
 * Behavioural embeddings (PAPER.md &sect;3): {@link dev.eaglelm.embeddings.behavioral.RatingMatrix},
 * {@link dev.eaglelm.embeddings.behavioral.AlsTrainer} (explicit ALS, implicit WALS),
 * {@link dev.eaglelm.embeddings.behavioral.FactorModel} and
 * {@link dev.eaglelm.embeddings.behavioral.BehavioralMetrics}.
 */
package dev.eaglelm.embeddings.behavioral;
