/**
 * The EAGLE policy and its reference policies.
 *
 * <ul>
 *   <li>{@link dev.eaglelm.core.policy.EagleAgent}: the trainable softmax policy over a state's action
 *       set, scoring actions from their embeddings ({@link dev.eaglelm.core.policy.PolicyNetwork},
 *       {@link dev.eaglelm.core.policy.PolicyArchitecture}: linear or a small MLP, with a value head);</li>
 *   <li>{@link dev.eaglelm.core.policy.ReferencePolicies}: uniform, optimistic, design (G-optimal) and
 *       mixtures, the anchors of the KL penalty (Sec. 4.3 of the paper).</li>
 * </ul>
 */
package dev.eaglelm.core.policy;
