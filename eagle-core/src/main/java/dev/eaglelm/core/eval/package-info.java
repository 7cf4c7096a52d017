/**
 * Evaluation of policies and search strategies: {@link dev.eaglelm.core.eval.Evaluation} runs each on the
 * same start states (common random numbers) and reports mean utility with 95% confidence intervals, cost
 * per episode ({@link dev.eaglelm.core.eval.Usage}: environment transitions, LLM calls, tokens) and paired
 * differences.
 */
package dev.eaglelm.core.eval;
