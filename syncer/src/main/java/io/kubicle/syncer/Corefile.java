package io.kubicle.syncer;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The Corefile of a workspace's DNS server ({@link TenantDns}). Every tenant namespace that holds a Service gets one rule turning
 * {@code <x>.<tenant ns>.svc.<domain>.} into {@code <x>.<host ns>.svc.<domain>.}; {@code answer auto} turns the names
 * in the answer (and CNAME/SRV targets) back, so a client sees the name it asked for. A suffix rule matches only a
 * whole label ({@code .default.svc...} never matches {@code x.mydefault.svc...}), and since a namespace is one label
 * at most one rule matches a name; everything else (short names through the host namespace in the search list,
 * external names) goes to the host's cluster DNS unchanged.
 */
public final class Corefile {
    /** Where the server listens in its pod (the Service maps 53 to it): above 1024, so it needs no capability. */
    public static final int PORT = 1053;
    public static final int READY_PORT = 8181;
    public static final int HEALTH_PORT = 8080;

    private Corefile() {
    }

    /** The Corefile text for these tenant namespaces of {@code workspace}; the same set gives the same text. */
    public static String render(String workspace, Collection<String> tenantNamespaces, String domain) {
        StringBuilder text = new StringBuilder();
        text.append("# DNS of Kubicle workspace ").append(workspace).append(", written by ").append(SyncLabels.MANAGER)
                .append(": tenant namespaces' names become their host namespaces'.\n");
        text.append(".:").append(PORT).append(" {\n");
        text.append("    errors\n");
        text.append("    health :").append(HEALTH_PORT).append(" {\n        lameduck 5s\n    }\n");
        text.append("    ready :").append(READY_PORT).append('\n');
        Collection<String> hostNamespaces = new TreeSet<>();
        tenantNamespaces.forEach(ns -> hostNamespaces.add(HostNames.namespace(workspace, ns)));
        for (String ns : new TreeSet<>(tenantNamespaces)) {
            if (hostNamespaces.contains(ns)) {
                continue; // a tenant namespace named like one of its workspace's host namespaces must not hijack that one's names
            }
            text.append("    rewrite name suffix .").append(ns).append(".svc.").append(domain).append(". .")
                    .append(HostNames.namespace(workspace, ns)).append(".svc.").append(domain).append(". answer auto\n");
        }
        text.append("    forward . /etc/resolv.conf\n");
        text.append("    cache 30\n");
        text.append("}\n");
        return text.toString();
    }

    /** A short hash of the text, for the pod template annotation that rolls the server when the text changes. */
    public static String hash(String corefile) {
        return HostNames.sha256Hex(corefile).substring(0, 16);
    }
}
