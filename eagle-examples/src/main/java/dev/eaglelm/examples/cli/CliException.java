package dev.eaglelm.examples.cli;

/**
 * A failure a subcommand reports to the user as one {@code error:} line with a chosen exit code.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The exit code the command ends with. */
    private final int exitCode;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the input, file, row or column where relevant
     * @param exitCode {@link ExitCodes#USAGE} or {@link ExitCodes#FAILED}
     */
    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * Creates a usage error (exit code {@link ExitCodes#USAGE}).
     *
     * @param message what was wrong with the input
     * @return the exception
     */
    public static CliException usage(String message) {
        return new CliException(message, ExitCodes.USAGE);
    }

    /**
     * Returns the exit code.
     *
     * @return the code the command exits with
     */
    public int exitCode() {
        return exitCode;
    }
}
