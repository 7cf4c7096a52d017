/**
 * Policy-gradient training of the {@link dev.eaglelm.core.policy.EagleAgent}: the
 * {@link dev.eaglelm.core.train.Trainer} (REINFORCE with a value baseline and GAE, exact KL to a reference
 * policy, entropy bonus, Adam, gradient clipping, minibatches over episodes, parallel deterministic
 * rollouts), its {@link dev.eaglelm.core.train.TrainerConfig}, listeners and JSON-lines metrics, and
 * atomic, bit-exact {@link dev.eaglelm.core.train.Checkpoint}s.
 */
package dev.eaglelm.core.train;
