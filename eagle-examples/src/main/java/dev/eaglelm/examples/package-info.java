/**
 * Runnable examples of eaglelm and the {@code eagle} command-line tool.
 */
package dev.eaglelm.examples;
