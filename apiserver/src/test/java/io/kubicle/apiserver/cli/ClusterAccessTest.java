package io.kubicle.apiserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterAccessTest {
    private static String base(String server) {
        return new ClusterAccess(server, null, null, null, null, false).baseUrl();
    }

    @Test
    void theWorkspaceSuffixIsRemoved() {
        assertEquals("https://127.0.0.1:6443", base("https://127.0.0.1:6443/clusters/root"));
        assertEquals("https://127.0.0.1:6443", base("https://127.0.0.1:6443/clusters/ci-x7k2p/"));
        assertEquals("https://[::1]:6443", base("https://[::1]:6443/clusters/root"));
    }

    @Test
    void aPathBeforeTheSuffixStays() {
        assertEquals("https://gw.example.com/kubicle", base("https://gw.example.com/kubicle/clusters/root"));
    }

    @Test
    void aServerWithoutSuffixIsTheBase() {
        assertEquals("https://kubicle.example.com:6443", base("https://kubicle.example.com:6443/"));
        assertEquals("https://kubicle.example.com/clusters", base("https://kubicle.example.com/clusters"));
    }

    @Test
    void aServerThatIsNoHttpUrlIsRefused() {
        CliFailure e = assertThrows(CliFailure.class, () -> base("unix:///var/run/kubicle.sock"));
        assertTrue(e.getMessage().contains("not an http(s) URL"), e.getMessage());
        assertThrows(CliFailure.class, () -> base("https://bad host/clusters/root"));
    }
}
