/**
 * Benchmarks. JMH: {@link dev.eaglelm.examples.bench.TrainerStepBenchmark} (the trainer's overhead per
 * environment step); run it with {@code org.openjdk.jmh.Main} on the eagle-examples jar and its
 * {@code target/lib} class path. LLM throughput ({@code eagle bench llm}):
 * {@link dev.eaglelm.examples.bench.LlmThroughput} with {@link dev.eaglelm.examples.bench.BenchTargets} (bare
 * java-llama.cpp and java.net.http baselines) and {@link dev.eaglelm.examples.bench.StubChatServer}.
 */
package dev.eaglelm.examples.bench;
