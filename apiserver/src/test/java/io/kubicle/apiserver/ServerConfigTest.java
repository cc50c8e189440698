package io.kubicle.apiserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void splitsListenAddresses() {
        assertArrayEquals(new String[] {"127.0.0.1", "6443"}, ServerConfig.splitListen("127.0.0.1:6443"));
        assertArrayEquals(new String[] {"0.0.0.0", "443"}, ServerConfig.splitListen(":443"));
        assertArrayEquals(new String[] {"::1", "0"}, ServerConfig.splitListen("[::1]:0"));
        assertArrayEquals(new String[] {"kubicle.example.com", "8443"}, ServerConfig.splitListen("kubicle.example.com:8443"));
    }

    @Test
    void explainsBadListenAddresses() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerConfig.splitListen("6443"))
                .getMessage().contains("must be host:port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerConfig.splitListen("host:http"))
                .getMessage().contains("invalid port \"http\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerConfig.splitListen("host:70000"))
                .getMessage().contains("invalid port"));
    }
}
