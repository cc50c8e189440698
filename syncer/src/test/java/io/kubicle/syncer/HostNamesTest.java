package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HostNamesTest {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Test
    void readableDeterministicAndValid() {
        String name = HostNames.namespace("team-a", "default");
        assertTrue(name.startsWith("kc-team-a-default-"), name);
        assertEquals(name, HostNames.namespace("team-a", "default"));
        assertTrue(DNS_LABEL.matcher(name).matches(), name);
    }

    @Test
    void dashesInNamesDoNotCollide() {
        assertNotEquals(HostNames.namespace("a-b", "c"), HostNames.namespace("a", "b-c"));
    }

    @Test
    void longNamesAreShortenedToADnsLabelAndStayDistinct() {
        String ws = "w".repeat(60);
        String one = HostNames.namespace(ws, "n".repeat(63));
        String two = HostNames.namespace(ws, "n".repeat(62));
        assertEquals(63, one.length());
        assertTrue(DNS_LABEL.matcher(one).matches(), one);
        assertNotEquals(one, two);
    }

    @Test
    void cutNeverEndsInADash() {
        // the cut lands right after "kc-<ws>-" for this length
        String ws = "x".repeat(51);
        String name = HostNames.namespace(ws, "default");
        assertTrue(DNS_LABEL.matcher(name).matches(), name);
        assertTrue(name.length() <= 63);
    }

    @Test
    void labelValuesKeepShortNamesAndHashLongOnes() {
        assertEquals("team-a", HostNames.labelValue("team-a"));
        assertEquals(63, HostNames.labelValue("y".repeat(80)).length());
    }

    @Test
    void theDnsNamespaceIsPerWorkspaceAndNoTenantNamespaceCanTakeIt() {
        String dns = HostNames.dnsNamespace("team-a");
        assertTrue(dns.startsWith("kcdns-team-a-"), dns);
        assertTrue(DNS_LABEL.matcher(dns).matches(), dns);
        assertNotEquals(dns, HostNames.dnsNamespace("team-b"));
        // every tenant namespace's host namespace starts "kc-", this one "kcd": not even a chosen name meets it
        for (String ns : new String[] {"dns", "kcdns-team-a", dns}) {
            assertTrue(HostNames.namespace("team-a", ns).startsWith("kc-"));
            assertNotEquals(dns, HostNames.namespace("team-a", ns));
        }
        String long1 = HostNames.dnsNamespace("w".repeat(70));
        assertEquals(63, long1.length());
        assertTrue(DNS_LABEL.matcher(long1).matches(), long1);
    }
}
