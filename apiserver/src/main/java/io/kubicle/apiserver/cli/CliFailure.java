package io.kubicle.apiserver.cli;

/**
 * An expected failure of a {@code kubicle ws} command (bad kubeconfig, unreachable server, an error
 * Status from the server): its message is all the user sees, without a stack trace.
 */
class CliFailure extends RuntimeException {
    static final int GENERAL = 1;
    static final int USAGE = 2;

    private final int exitCode;

    CliFailure(String message) {
        this(message, GENERAL);
    }

    CliFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
