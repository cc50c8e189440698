package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The in-cluster access flags: the address, and the CA from the Kubicle kubeconfig unless a file is given. */
class SyncerCommandTest {
    static final String CA = InClusterAccessTest.CA;
    static final Config KUBICLE = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:6443/clusters/root")
            .withCaCertData(Base64.getEncoder().encodeToString(CA.getBytes(StandardCharsets.UTF_8))).build();

    static SyncerCommand parse(String... extra) {
        SyncerCommand command = new SyncerCommand();
        String[] args = new String[extra.length + 4];
        System.arraycopy(new String[] {"--kubicle", "k", "--host", "h"}, 0, args, 0, 4);
        System.arraycopy(extra, 0, args, 4, extra.length);
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutTheFlagHostPodsGetNoTenantApi() {
        assertNull(parse().tenantApi(KUBICLE));
    }

    @Test
    void theCaDefaultsToTheKubicleKubeconfigs() {
        assertEquals(new TenantApi("10.0.0.5", 6443, CA), parse("--tenant-api-server", "https://10.0.0.5:6443").tenantApi(KUBICLE));
    }

    @Test
    void aCaFileWinsAndMistakesAreSaidPlainly(@TempDir Path dir) throws Exception {
        String other = CA.replace("MIIB", "MIIC");
        Files.writeString(dir.resolve("ca.pem"), other);
        assertEquals(other, parse("--tenant-api-server", "https://k:1", "--tenant-api-ca", dir.resolve("ca.pem").toString())
                .tenantApi(KUBICLE).caPem());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--tenant-api-ca", "x.pem").tenantApi(KUBICLE))
                .getMessage().contains("needs --tenant-api-server"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--tenant-api-server", "https://k:1",
                "--tenant-api-ca", dir.resolve("missing.pem").toString()).tenantApi(KUBICLE)).getMessage().contains("--tenant-api-ca"));
    }

    @Test
    void tenantDnsIsOnByDefaultAndItsImageAndDomainAreFlags() {
        assertEquals(new TenantDns.Options(TenantDns.DEFAULT_IMAGE, "cluster.local"), parse().tenantDns());
        assertEquals(new TenantDns.Options("registry.example/coredns:1.12.2", "corp.internal"),
                parse("--dns-image", "registry.example/coredns:1.12.2", "--host-cluster-domain", "corp.internal.").tenantDns());
        assertNull(parse("--tenant-dns=false").tenantDns());
        assertNull(parse("--tenant-dns", "false").tenantDns());
    }

    @Test
    void logsAreServedOnLoopbackByDefaultAndMistakesAreSaidPlainly() {
        java.net.InetSocketAddress at = parse().containersListen();
        assertEquals("127.0.0.1", at.getAddress().getHostAddress());
        assertEquals(0, at.getPort());
        assertEquals(10350, parse("--containers-listen", "0.0.0.0:10350", "--containers-url", "https://syncer.example:10350").containersListen().getPort());
        assertEquals(10350, parse("--containers-listen", ":10350").containersListen().getPort());
        assertNull(parse("--containers-listen", "off").containersListen());
        for (String[] bad : new String[][] {{"--containers-listen", "10350"}, {"--containers-listen", "h:99999"}, {"--containers-listen", "h:x"}}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(bad).containersListen()).getMessage()
                    .contains("--containers-listen must be HOST:PORT or off"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--containers-url", "http://s:1").containersListen())
                .getMessage().contains("must be an https:// URL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--containers-listen", "off", "--containers-url", "https://s:1")
                .containersListen()).getMessage().contains("--containers-url needs --containers-listen"));
    }
}
