/**
 * Environments. {@link dev.eaglelm.core.env.LinearEmbeddingEnvironment} is a synthetic EAGLE MDP whose
 * optimum is computable exactly: the ground truth for agents and trainers. The text environment, where an
 * LLM applies edits, comes with the LLM backends.
 */
package dev.eaglelm.core.env;
