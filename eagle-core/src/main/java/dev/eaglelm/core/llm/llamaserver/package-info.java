/**
 * The managed llama.cpp server backend ({@code llama-server:} specs): starts a user-installed
 * {@code llama-server} on a free loopback port, talks to it through the OpenAI-compatible backend and stops it
 * (with every process it started) when the run ends.
 */
package dev.eaglelm.core.llm.llamaserver;
