/**
 * The EAGLE vocabulary: the small interfaces every other module builds on.
 *
 * <p>EAGLE (Embedding-Aligned Language Models; Tennenholtz et al., NeurIPS 2024, arXiv:2406.00024)
 * steers a frozen environment LLM with natural-language edits so that the embedding of the resulting
 * text lands where a utility over a latent space is high. In this package:
 *
 * <ul>
 *   <li>{@link dev.eaglelm.core.EmbeddingMap} maps objects (texts, items, states) into the latent
 *       space Z, as the paper's encoder E_D;</li>
 *   <li>{@link dev.eaglelm.core.Utility} scores latent vectors, U: Z &rarr; R;</li>
 *   <li>{@link dev.eaglelm.core.Environment} is the finite-horizon MDP of Sec. 4.2 of the paper, with a
 *       state-dependent candidate action set;</li>
 *   <li>{@link dev.eaglelm.core.Agent} is a policy over that finite action set, with an exact
 *       {@link dev.eaglelm.core.ActionDistribution};</li>
 *   <li>{@link dev.eaglelm.core.ActionSetSelector} reduces candidate actions to a small action set
 *       (the G-optimal design lives in {@code eagle-optdesign});</li>
 *   <li>{@link dev.eaglelm.core.LanguageModel} is the SPI for LLM backends.</li>
 * </ul>
 *
 * <p>Implementations live in sub-packages: {@code utility}, {@code env}, {@code agent},
 * {@code select}, {@code rollout}.
 */
package dev.eaglelm.core;
