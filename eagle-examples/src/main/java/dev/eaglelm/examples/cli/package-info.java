/**
 * The {@code eagle} command-line tool (picocli). Conventions shared by every subcommand: results on
 * stdout, diagnostics and progress bars on stderr; bad usage or bad input prints one line starting with
 * {@code error:} and exits with 2, a failed run exits with 1; stack traces only with {@code --verbose}.
 */
package dev.eaglelm.examples.cli;
