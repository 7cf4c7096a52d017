/**
 * LLM plumbing shared by all backends: spec strings and the {@link java.util.ServiceLoader} provider SPI
 * ({@link dev.eaglelm.core.llm.LanguageModels}, {@link dev.eaglelm.core.llm.LanguageModelProvider}), usage
 * accounting and budgets ({@link dev.eaglelm.core.llm.MeteredLanguageModel}), the persistent response
 * cache ({@link dev.eaglelm.core.llm.CachingLanguageModel}), bounded-concurrency batches
 * ({@link dev.eaglelm.core.llm.LlmBatch}) and retry policies.
 *
 * <p>Backends live in sub-packages: {@code openai} (HTTP), {@code gguf} (in-process llama.cpp, optional
 * dependency), {@code langchain4j} (adapter, optional dependency) and {@code surrogate} (the offline corpus
 * rewriter, no LLM).
 */
package dev.eaglelm.core.llm;
