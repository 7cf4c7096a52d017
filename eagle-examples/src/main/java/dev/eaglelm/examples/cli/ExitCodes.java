package dev.eaglelm.examples.cli;

/**
 * Exit codes of the {@code eagle} command.
 */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** The run failed (an I/O error, a backend failure, an internal error). */
    public static final int FAILED = 1;
    /** Bad usage or bad input (unknown command or option, invalid value, unreadable or malformed file). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
