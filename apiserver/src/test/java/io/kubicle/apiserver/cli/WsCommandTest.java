package io.kubicle.apiserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.apiserver.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WsCommandTest {
    record Run(int code, String out, String err) {
    }

    @TempDir
    Path dir;
    FakeWorkspaceServer server;
    Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        server = new FakeWorkspaceServer();
        kubeconfig = server.kubeconfig(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Run ws(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new WsCommand(env, Clock.fixed(Instant.parse("2026-11-23T12:05:00Z"), ZoneOffset.UTC)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Run ws(String... args) {
        return ws(Map.of("KUBICLE_KUBECONFIG", kubeconfig.toString()), args);
    }

    @Test
    void createSendsEveryOptionAsSpecAndPrintsTheKubeconfig() {
        Run run = ws("create", "ci-1", "--ttl", "30m", "--from", "base", "--gpus", "2", "--pod-security", "restricted");
        assertEquals(0, run.code(), run.err());
        assertEquals("apiVersion: v1\nkind: Config\n# for ci-1\n", run.out());
        assertEquals("""
                {"apiVersion":"tenancy.kubicle.io/v1alpha1","kind":"Workspace","metadata":{"name":"ci-1"},\
                "spec":{"ttl":"30m","blueprint":"base","podSecurity":"restricted","quota":{"hard":{"requests.nvidia.com/gpu":"2"}}}}""",
                server.posted.get(0).toString());
        assertTrue(run.err().matches("workspace \"ci-1\" ready in \\d+ ms: " + server.url()
                + "/clusters/ci-1, expires 2026-11-23T12:30:00Z\n"), run.err());
        assertEquals(List.of("POST " + FakeWorkspaceServer.PATH, "GET " + FakeWorkspaceServer.PATH + "/ci-1/kubeconfig"),
                server.requests);
    }

    @Test
    void createWithGenerateNameWritesAnOwnerOnlyFile() throws Exception {
        Path file = dir.resolve("ws.kubeconfig");
        Run run = ws("--kubeconfig", kubeconfig.toString(), "create", "--generate-name", "ci-", "-o", file.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.out());
        assertEquals("{\"generateName\":\"ci-\"}", server.posted.get(0).path("metadata").toString());
        assertEquals("{}", server.posted.get(0).path("spec").toString());
        assertEquals("apiVersion: v1\nkind: Config\n# for ci-zz9x4\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(run.err().contains("\"ci-zz9x4\" ready") && run.err().endsWith(", kubeconfig written to " + file + "\n"), run.err());
    }

    @Test
    void anUnwritableOutputIsRefusedBeforeTheWorkspaceIsCreated() {
        Path nowhere = dir.resolve("no-such-dir").resolve("ws.kubeconfig");
        Run run = ws("create", "never", "-o", nowhere.toString());
        assertEquals(1, run.code());
        assertEquals("error: cannot write " + nowhere + ": directory " + nowhere.getParent() + " does not exist\n", run.err());
        assertEquals(List.of(), server.requests);
    }

    @Test
    void helpIsAvailableOnEverySubcommand() {
        for (String sub : List.of("create", "get", "list", "delete", "kubeconfig")) {
            Run help = ws(sub, "--help");
            assertEquals(0, help.code(), sub);
            assertTrue(help.out().startsWith("Usage: ws " + sub), help.out());
            assertTrue(help.out().contains("--kubeconfig=FILE"), sub + " inherits --kubeconfig: " + help.out());
        }
    }

    @Test
    void usageMistakesExitWithTwoBeforeAnyRequest() {
        assertEquals(2, ws("create").code());
        assertEquals(2, ws("create", "a", "--generate-name", "b-").code());
        assertEquals(2, ws("create", "a", "--gpus", "-1").code());
        Run level = ws("create", "a", "--pod-security", "lenient");
        assertEquals(2, level.code());
        assertTrue(level.err().contains("--pod-security must be one of privileged, baseline, restricted"), level.err());
        assertEquals(2, ws("get", "a", "-o", "wide").code());
        assertEquals(2, ws("frobnicate").code());
        assertEquals(2, ws().code(), "ws alone needs a subcommand");
        assertEquals(List.of(), server.requests);
    }

    @Test
    void serverErrorsPrintTheStatusMessageAndExitWithOne() {
        assertEquals(0, ws("create", "dup").code());
        Run again = ws("create", "dup");
        assertEquals(1, again.code());
        assertEquals("Error from server (AlreadyExists): workspaces.tenancy.kubicle.io \"dup\" already exists\n", again.err());
        Run missing = ws("get", "nothing");
        assertEquals(1, missing.code());
        assertEquals("Error from server (NotFound): workspaces.tenancy.kubicle.io \"nothing\" not found\n", missing.err());
        assertEquals("", missing.out());
    }

    @Test
    void getAndListRenderTablesAndObjects() {
        ws("create", "a");
        ws("create", "bb", "--ttl", "1h");
        Run list = ws("list");
        assertEquals(0, list.code(), list.err());
        assertEquals(WorkspaceTable.HEADERS, List.of(list.out().lines().findFirst().orElseThrow().split("\\s+")));
        assertTrue(list.out().lines().skip(1).findFirst().orElseThrow().matches("a\\s+Ready\\s+\\S+/clusters/a\\s+25m\\s+5m"), list.out());
        Run json = ws("get", "bb", "-o", "json");
        assertTrue(json.out().contains("\"ttl\" : \"1h\""), json.out());
        Run yaml = ws("get", "bb", "-o", "yaml");
        assertTrue(yaml.out().startsWith("apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\n"), yaml.out());
        assertEquals("workspace.tenancy.kubicle.io/a\nworkspace.tenancy.kubicle.io/bb\n", ws("list", "-o", "name").out());
        assertEquals(3, ws("get", "a").out().lines().count() + 1);
    }

    @Test
    void anEmptyListSaysSoOnStderr() {
        Run list = ws("list");
        assertEquals(0, list.code());
        assertEquals("", list.out());
        assertEquals("No resources found\n", list.err());
    }

    @Test
    void deleteWaitPollsUntilTheWorkspaceIsGone() {
        ws("create", "slow");
        server.getsAfterDelete = 3;
        Run run = ws("delete", "slow", "--wait");
        assertEquals(0, run.code(), run.err());
        assertEquals("workspaces.tenancy.kubicle.io \"slow\" deleted\n", run.out());
        long gets = server.requests.stream().filter(r -> r.equals("GET " + FakeWorkspaceServer.PATH + "/slow")).count();
        assertEquals(4, gets, "three answers that still find it, then the 404");
        assertEquals(1, ws("get", "slow").code());
    }

    @Test
    void deleteWaitGivesUpAfterTheTimeout() {
        ws("create", "stuck");
        server.getsAfterDelete = Integer.MAX_VALUE;
        Run run = ws("delete", "stuck", "--wait", "--timeout", "1s");
        assertEquals(1, run.code());
        assertEquals("error: timed out after 1 s waiting for workspace \"stuck\" to be deleted\n", run.err());
    }

    @Test
    void kubeconfigOfAnExistingWorkspace() {
        ws("create", "k");
        assertEquals("apiVersion: v1\nkind: Config\n# for k\n", ws("kubeconfig", "k").out());
        assertEquals(1, ws("kubeconfig", "nope").code());
    }

    @Test
    void aMissingKubeconfigIsAClearMessageWithoutStackTrace() {
        Path missing = dir.resolve("missing.kubeconfig");
        Run run = ws(Map.of(), "--kubeconfig", missing.toString(), "list");
        assertEquals(1, run.code());
        assertEquals("error: kubeconfig " + missing + " does not exist (choose one with --kubeconfig, KUBICLE_KUBECONFIG"
                + " or KUBECONFIG)\n", run.err());
    }

    @Test
    void anUnreachableServerIsAClearMessageWithoutStackTrace() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path config = dir.resolve("closed.kubeconfig");
        Files.writeString(config, "clusters: [{name: c, cluster: {server: \"https://127.0.0.1:" + closedPort + "/clusters/root\"}}]\n"
                + "contexts: [{name: x, context: {cluster: c}}]\n");
        Run run = ws(Map.of("KUBECONFIG", config.toString()), "list");
        assertEquals(1, run.code());
        assertEquals("error: cannot reach the Kubicle server at https://127.0.0.1:" + closedPort
                + ": connection refused (is it running?)\n", run.err());
    }

    @Test
    void theMainCommandHasTheWsSubcommand() {
        CommandLine main = new CommandLine(new Main());
        StringWriter err = new StringWriter();
        main.setErr(new PrintWriter(err, true));
        int code = main.execute("ws", "get", "x", "--kubeconfig", dir.resolve("none").toString());
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("error: kubeconfig "), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }
}
