/**
 * The in-process GGUF backend ({@code gguf:} specs) through java-llama.cpp, an optional dependency
 * ({@code de.kherud:llama}); and {@link dev.eaglelm.core.llm.gguf.GgufFile}, a header reader that checks model
 * files before native code sees them.
 */
package dev.eaglelm.core.llm.gguf;
