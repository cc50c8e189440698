package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorefileTest {
    @Test
    void oneSuffixRuleWithAnswerAutoPerMappedNamespaceThenTheHostsDns() {
        String text = Corefile.render("team-a", Set.of("default", "ml"), "cluster.local");
        String ml = HostNames.namespace("team-a", "ml");
        String def = HostNames.namespace("team-a", "default");
        assertEquals("""
                # DNS of Kubicle workspace team-a, written by kubicle-syncer: tenant namespaces' names become their host namespaces'.
                .:1053 {
                    errors
                    health :8080 {
                        lameduck 5s
                    }
                    ready :8181
                    rewrite name suffix .default.svc.cluster.local. .%s.svc.cluster.local. answer auto
                    rewrite name suffix .ml.svc.cluster.local. .%s.svc.cluster.local. answer auto
                    forward . /etc/resolv.conf
                    cache 30
                }
                """.formatted(def, ml), text);
    }

    @Test
    void theSameNamespacesInAnyOrderGiveTheSameTextAndHash() {
        String one = Corefile.render("w", List.of("b", "a"), "cluster.local");
        String two = Corefile.render("w", List.of("a", "b"), "cluster.local");
        assertEquals(one, two);
        assertEquals(Corefile.hash(one), Corefile.hash(two));
        assertEquals(16, Corefile.hash(one).length());
        assertNotEquals(Corefile.hash(one), Corefile.hash(Corefile.render("w", List.of("a", "b", "c"), "cluster.local")));
    }

    @Test
    void theHostsClusterDomainIsUsedOnBothSides() {
        String text = Corefile.render("w", Set.of("a"), "corp.internal");
        assertTrue(text.contains("rewrite name suffix .a.svc.corp.internal. ." + HostNames.namespace("w", "a")
                + ".svc.corp.internal. answer auto"), text);
        assertFalse(text.contains("cluster.local"), text);
    }

    @Test
    void noNamespacesStillServesEverythingThroughTheHost() {
        String text = Corefile.render("w", Set.of(), "cluster.local");
        assertFalse(text.contains("rewrite"), text);
        assertTrue(text.contains("forward . /etc/resolv.conf"), text);
    }

    @Test
    void aTenantNamespaceNamedLikeAHostNamespaceOfItsWorkspaceGetsNoRule() {
        String hostOfDefault = HostNames.namespace("w", "default");
        String text = Corefile.render("w", Set.of("default", hostOfDefault), "cluster.local");
        assertFalse(text.contains("suffix ." + hostOfDefault + ".svc"), "short names of default stay the host's: " + text);
        assertTrue(text.contains("suffix .default.svc"), text);
    }
}
