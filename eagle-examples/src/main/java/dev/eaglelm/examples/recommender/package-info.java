/**
 * Example: eaglelm inside a matrix-factorisation recommender. New item descriptions (written by EAGLE, or any
 * texts) are mapped into the recommender's own item-factor space by E<sub>D</sub> and ranked for users next to
 * the catalogue with the recommender's scoring, the dot product of user and item factors
 * ({@link dev.eaglelm.examples.recommender.NewItemRanker}).
 */
package dev.eaglelm.examples.recommender;
