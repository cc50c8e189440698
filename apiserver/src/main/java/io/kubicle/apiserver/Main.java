package io.kubicle.apiserver;

import io.kubicle.apiserver.cli.WsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kubicle} command: one jar for the server, the workspace CLI and the syncer. */
@Command(name = "kubicle", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Multi-tenant, Kubernetes-compatible API server on Postgres.",
        subcommands = {ServerCommand.class, WsCommand.class, io.kubicle.syncer.SyncerCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        io.kubicle.syncer.CommonPool.keepWorkers();
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kubicle " + VersionInfo.kubicleVersion() + " (Kubernetes API " + VersionInfo.gitVersion() + ")"};
        }
    }
}
