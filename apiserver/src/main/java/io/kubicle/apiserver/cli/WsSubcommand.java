package io.kubicle.apiserver.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every {@code kubicle ws} subcommand shares: the client built from the kubeconfig, and turning
 * expected failures into a message and an exit code (1, or 2 for usage) instead of a stack trace.
 */
abstract class WsSubcommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @ParentCommand
    WsCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ServerError e) {
            err().println(e.getMessage());
            return e.exitCode();
        } catch (CliFailure e) {
            err().println("error: " + e.getMessage());
            return e.exitCode();
        } finally {
            out().flush();
            err().flush();
        }
    }

    abstract int execute();

    WorkspaceClient client() {
        return new WorkspaceClient(KubeconfigFile.load(parent.kubeconfigPath()));
    }

    /** kubectl's -o check, before any request is made. */
    void checkFormat(String format) {
        if (format != null && !ObjectOutput.FORMATS.contains(format)) {
            throw usage("unable to match a printer suitable for the output format \"" + format
                    + "\", allowed formats are: " + String.join(",", ObjectOutput.FORMATS));
        }
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
