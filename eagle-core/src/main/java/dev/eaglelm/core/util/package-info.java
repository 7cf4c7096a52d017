/**
 * Small helpers shared by the eaglelm modules: ND4J backend checks and array conversions.
 */
package dev.eaglelm.core.util;
