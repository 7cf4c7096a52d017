/**
 * The OpenAI-compatible HTTP backend ({@code openai:} specs): java.net.http and Jackson against
 * {@code /v1/chat/completions}, with retries, backoff with full jitter, {@code Retry-After}, bounded
 * concurrency and API keys read from environment variables.
 */
package dev.eaglelm.core.llm.openai;
