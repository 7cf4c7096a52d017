/**
 * The surrogate backend ({@code surrogate:} specs): a deterministic, seeded corpus rewriter that stands in
 * for an LLM offline. It involves no language model, and every output it produces is labelled as surrogate
 * output by its backend id.
 */
package dev.eaglelm.core.llm.surrogate;
