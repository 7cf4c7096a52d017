/**
 * JMH benchmarks ({@link dev.eaglelm.examples.bench.TrainerStepBenchmark}: the trainer's overhead per
 * environment step). Run them with {@code org.openjdk.jmh.Main} on the eagle-examples jar and its
 * {@code target/lib} class path.
 */
package dev.eaglelm.examples.bench;
