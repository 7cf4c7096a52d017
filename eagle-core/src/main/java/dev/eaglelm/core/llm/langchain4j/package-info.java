/**
 * The LangChain4j adapter ({@code langchain4j:} specs): any LangChain4j {@code ChatModel} as an eaglelm
 * {@link dev.eaglelm.core.LanguageModel}. LangChain4j is an optional dependency of eagle-core.
 */
package dev.eaglelm.core.llm.langchain4j;
