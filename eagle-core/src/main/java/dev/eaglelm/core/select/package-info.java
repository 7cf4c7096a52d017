/**
 * Baseline {@link dev.eaglelm.core.ActionSetSelector}s. The G-optimal selector is in
 * {@code eagle-optdesign}.
 */
package dev.eaglelm.core.select;
