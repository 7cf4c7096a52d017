/**
 * Summary statistics with confidence intervals for reported results.
 */
package dev.eaglelm.core.stats;
