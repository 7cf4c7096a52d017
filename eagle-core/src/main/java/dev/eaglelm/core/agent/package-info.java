/**
 * Baseline agents: {@link dev.eaglelm.core.agent.UniformAgent} and the one-step-lookahead
 * {@link dev.eaglelm.core.agent.GreedyAgent}. The trained EAGLE policy builds on the same
 * {@link dev.eaglelm.core.Agent} contract.
 */
package dev.eaglelm.core.agent;
