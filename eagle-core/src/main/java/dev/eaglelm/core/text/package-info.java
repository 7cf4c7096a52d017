/**
 * The EAGLE text MDP: {@link dev.eaglelm.core.text.TextEnvironment} (descriptions edited by an environment
 * LLM, scored by a utility of their embedding at the horizon), {@link dev.eaglelm.core.text.ActionGenerator}
 * (candidate edits written by an LLM over the paper's five categories), versioned
 * {@link dev.eaglelm.core.text.PromptTemplate}s, and the handling of untrusted LLM text
 * ({@link dev.eaglelm.core.text.UntrustedText}, {@link dev.eaglelm.core.text.TextSanitizer},
 * {@link dev.eaglelm.core.text.ActionListParser}).
 */
package dev.eaglelm.core.text;
