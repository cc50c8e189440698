package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** What DNS settings a host pod gets; applied to the host copy of a pod spec before its digest is taken. */
@FunctionalInterface
public interface PodDns {
    /** kube-apiserver's limits for {@code dnsConfig} (more is refused), which kubelet also applies when it merges. */
    int MAX_NAMESERVERS = 3;
    int MAX_SEARCHES = 32;

    void applyTo(PodSpec hostSpec);

    /** The tenant's own settings, unchanged (tenant DNS switched off). */
    PodDns TENANTS = spec -> { };

    /**
     * For a pod already on the host: a pod's DNS settings cannot change, so its host copy keeps what the host has
     * (a pod synced before tenant DNS was turned on, or before the DNS Service got a new address, stays as it is).
     */
    static PodDns asOnHost(PodSpec onHost) {
        return spec -> {
            spec.setDnsPolicy(onHost.getDnsPolicy());
            spec.setDnsConfig(onHost.getDnsConfig() == null ? null : SyncerJson.convert(onHost.getDnsConfig(), PodDNSConfig.class));
        };
    }

    /**
     * The workspace's DNS server at {@code nameserver} for a pod in {@code hostNamespace}: {@code dnsPolicy: None} and
     * a dnsConfig as kubelet would write it for ClusterFirst, but with the host namespace where kubelet puts the pod's
     * own: short names never depend on the DNS server's rules, and a name missing from the tenant namespace is never
     * looked up in a host namespace that happens to share the tenant namespace's name ({@code web.other} and
     * {@code web.other.svc} reach tenant namespace {@code other} through {@code svc.<domain>}, {@code <domain>} and the
     * server's rules). The tenant's own dnsConfig is merged
     * in as kubelet merges it: nameservers and searches after ours (duplicates dropped, cut to kube's limits), options
     * replacing ours of the same name. A pod that chose {@code Default} or {@code None}, or runs in the host network
     * with plain {@code ClusterFirst} (kubelet gives it the node's DNS), keeps its own.
     */
    static PodDns workspaceServer(String nameserver, String hostNamespace, String domain) {
        return spec -> {
            if (!usesClusterDns(spec)) {
                return;
            }
            PodDNSConfig own = spec.getDnsConfig() == null ? new PodDNSConfig() : spec.getDnsConfig();
            LinkedHashSet<String> servers = new LinkedHashSet<>(List.of(nameserver));
            if (own.getNameservers() != null) {
                servers.addAll(own.getNameservers());
            }
            LinkedHashSet<String> searches = new LinkedHashSet<>(List.of(hostNamespace + ".svc." + domain, "svc." + domain, domain));
            if (own.getSearches() != null) {
                searches.addAll(own.getSearches());
            }
            Map<String, PodDNSConfigOption> options = new LinkedHashMap<>();
            options.put("ndots", new PodDNSConfigOption("ndots", "5"));
            if (own.getOptions() != null) {
                own.getOptions().forEach(o -> options.put(o.getName(), o));
            }
            spec.setDnsPolicy("None");
            spec.setDnsConfig(new PodDNSConfig(new ArrayList<>(servers.stream().limit(MAX_NAMESERVERS).toList()),
                    new ArrayList<>(options.values()), new ArrayList<>(searches.stream().limit(MAX_SEARCHES).toList())));
        };
    }

    /**
     * The workspace DNS server a host pod was given, or null when it has none (its first search domain is its own host
     * namespace's, which only {@link #workspaceServer} writes).
     */
    static String workspaceServerOf(io.fabric8.kubernetes.api.model.Pod hostPod, String domain) {
        PodSpec spec = hostPod.getSpec();
        PodDNSConfig config = spec == null ? null : spec.getDnsConfig();
        if (!"None".equals(spec == null ? null : spec.getDnsPolicy()) || config == null || config.getNameservers() == null
                || config.getNameservers().isEmpty() || config.getSearches() == null || config.getSearches().isEmpty()) {
            return null;
        }
        boolean ours = config.getSearches().get(0).equals(hostPod.getMetadata().getNamespace() + ".svc." + domain);
        return ours ? config.getNameservers().get(0) : null;
    }

    /** Whether kubelet would give this pod the cluster's DNS (so the workspace's DNS server stands in for it). */
    static boolean usesClusterDns(PodSpec spec) {
        String policy = spec.getDnsPolicy() == null || spec.getDnsPolicy().isEmpty() ? "ClusterFirst" : spec.getDnsPolicy();
        return policy.equals("ClusterFirstWithHostNet") || policy.equals("ClusterFirst") && !Boolean.TRUE.equals(spec.getHostNetwork());
    }
}
