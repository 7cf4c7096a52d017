/**
 * Running agents in environments: single episodes and seeded batches with common random numbers.
 */
package dev.eaglelm.core.rollout;
