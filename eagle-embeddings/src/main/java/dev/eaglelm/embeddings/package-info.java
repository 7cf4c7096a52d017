/**
 * eagle-embeddings: the latent spaces of EAGLE and the maps into them (PAPER.md &sect;3&ndash;4).
 *
 * <ul>
 *   <li>{@link dev.eaglelm.embeddings.text}: the sentence encoder (all-MiniLM-L6-v2 on ONNX Runtime, tokenised
 *       by DJL's Hugging Face tokenizers);</li>
 *   <li>{@link dev.eaglelm.embeddings.behavioral}: rating matrices, explicit ALS and implicit WALS, held-out
 *       metrics;</li>
 *   <li>{@link dev.eaglelm.embeddings.latent}: the trained text&rarr;behaviour encoder E<sub>D</sub>;</li>
 *   <li>{@link dev.eaglelm.embeddings.cache}: the persistent embedding cache;</li>
 *   <li>{@link dev.eaglelm.embeddings.utility}: the MovieLens content-gap utility and content-gap helpers.</li>
 * </ul>
 */
package dev.eaglelm.embeddings;
