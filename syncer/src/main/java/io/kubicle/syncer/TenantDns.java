package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DNS server per workspace on the host, so that names carrying a tenant namespace ({@code web.other},
 * {@code web.other.svc.cluster.local}) reach that namespace's host namespace, as vCluster does with its own DNS.
 * The server (CoreDNS, {@link TenantDnsObjects}) runs in a host namespace of its own, recorded in the workspace's
 * ledger before it is made, so deleting the workspace removes it with everything else. It exists once the workspace
 * has a pod on the host, its Service (and so its address) before that pod's host copy is written; its Corefile
 * names the workspace's namespaces that hold Services, and it is scaled to zero while the workspace has no pods. Everything is
 * compared with the host cache and written by server-side apply, so a restarted syncer takes up what the host has.
 */
public final class TenantDns {
    private static final Logger LOG = LoggerFactory.getLogger(TenantDns.class);
    /** A current CoreDNS release on Docker Hub ({@code answer auto} of suffix rewrites needs 1.9 or later). */
    static final String DEFAULT_IMAGE = "coredns/coredns:1.12.2";
    static final String DEFAULT_DOMAIN = "cluster.local";

    /** The CoreDNS image and the host's cluster domain (the names tenant pods use, and the host's DNS answers). */
    public record Options(String image, String domain) {
        public Options {
            Objects.requireNonNull(image, "image");
            domain = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
            if (image.isBlank() || domain.isBlank()) {
                throw new IllegalArgumentException("the DNS image and the cluster domain must not be empty");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_IMAGE, DEFAULT_DOMAIN);
        }
    }

    private final HostCluster host;
    private final Options options;
    /** One writer per workspace at a time: passes over its namespaces run on different workers. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Ensured> ensured = new ConcurrentHashMap<>();

    TenantDns(HostCluster host, Options options) {
        this.host = host;
        this.options = options;
    }

    Options options() {
        return options;
    }

    /** Whether the workspace has a DNS server on the host (by the cache). */
    boolean exists(String workspace) {
        return cached(host.services, workspace) != null;
    }

    /**
     * Makes the workspace's DNS server match {@code tenantNamespaces} (those with Services) and returns its Service's
     * cluster IP. {@code podsNeedIt}: a pod of the workspace is (or is about to be) on the host, so it runs with one
     * replica; otherwise the replica count stays as it is. Throws when the host gave the Service no address, so the
     * pass is retried before any pod is written without one.
     */
    String ensure(String workspace, Set<String> tenantNamespaces, boolean podsNeedIt) {
        synchronized (locks.computeIfAbsent(workspace, w -> new Object())) {
            Ensured last = ensured.get(workspace);
            Ensured now = Ensured.of(tenantNamespaces, cached(host.configMaps, workspace), cached(host.deployments, workspace),
                    cached(host.services, workspace), last == null ? null : last.ip());
            if (now.equals(last) && (!podsNeedIt || last.running())) {
                return last.ip(); // every pass with a new pod asks; building and digesting the objects each time cost the syncer
            }
            host.ensureNamespace(workspace, "", TenantDnsObjects.namespace(workspace));
            String corefile = Corefile.render(workspace, tenantNamespaces, options.domain());
            ConfigMap config = applyIfChanged(TenantDnsObjects.configMap(workspace, corefile), cached(host.configMaps, workspace));
            Deployment server = cached(host.deployments, workspace);
            int replicas = podsNeedIt || server == null || server.getSpec().getReplicas() == null ? 1 : server.getSpec().getReplicas();
            server = applyIfChanged(TenantDnsObjects.deployment(workspace, options.image(), Corefile.hash(corefile), replicas), server);
            Service current = cached(host.services, workspace);
            Service service = current == null ? createService(workspace) : applyIfChanged(TenantDnsObjects.service(workspace), current);
            String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
            if (ip == null || ip.isEmpty() || "None".equals(ip)) {
                throw new IllegalStateException("the DNS Service of workspace " + workspace + " has no cluster IP yet");
            }
            ensured.put(workspace, Ensured.of(tenantNamespaces, config, server, service, ip));
            return ip;
        }
    }

    /** What an ensure left: its input and the objects as written or found (uid and digest), so an equal next one can stop early. */
    private record Ensured(Set<String> namespaces, String configMap, String deployment, String service, boolean running, String ip) {
        static Ensured of(Set<String> namespaces, ConfigMap config, Deployment server, Service service, String ip) {
            return new Ensured(Set.copyOf(namespaces), version(config), version(server), version(service),
                    server != null && !Objects.equals(server.getSpec().getReplicas(), 0), ip);
        }

        /**
         * What was written, not the resourceVersion: the host's controllers update the Deployment's status several times
         * while its pod starts, and each made every pass with a new pod build and digest all three objects again.
         */
        private static String version(HasMetadata object) {
            return object == null || object.getMetadata().getDeletionTimestamp() != null ? null
                    : object.getMetadata().getUid() + "/" + digest(object);
        }
    }

    /**
     * A new Service (the first, or one deleted on the host) asks for the address the workspace's host pods already use,
     * so they go on resolving (a pod's DNS settings cannot change); where the host cannot give it, the host's choice.
     * The digest leaves the address out, so later passes do not write the Service again for it.
     */
    private Service createService(String workspace) {
        Service desired = TenantDnsObjects.service(workspace);
        Map<String, Long> inUse = host.podsOf(workspace).stream().map(p -> PodDns.workspaceServerOf(p, options.domain()))
                .filter(Objects::nonNull).collect(Collectors.groupingBy(ip -> ip, Collectors.counting()));
        String previous = inUse.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        if (previous != null) {
            desired.getSpec().setClusterIP(previous);
            desired.getSpec().setClusterIPs(new ArrayList<>(List.of(previous)));
            try {
                return host.apply(desired);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 422) {
                    throw e;
                }
                LOG.warn("the DNS Service of workspace {} cannot have its pods' address {} again; running pods keep a dead one"
                        + " until they are recreated: {}", workspace, previous, e.getMessage());
                desired.getSpec().setClusterIP(null);
                desired.getSpec().setClusterIPs(null);
            }
        }
        return host.apply(desired);
    }

    /** Whether the workspace's server runs with a replica (by the cache). */
    boolean running(String workspace) {
        Deployment current = cached(host.deployments, workspace);
        return current != null && !Objects.equals(current.getSpec().getReplicas(), 0);
    }

    /** Scales the server to zero while the workspace has no pod anywhere (it costs its Service and ConfigMap only). */
    void idle(String workspace) {
        synchronized (locks.computeIfAbsent(workspace, w -> new Object())) {
            Deployment current = cached(host.deployments, workspace);
            if (running(workspace)) {
                ConfigMap config = cached(host.configMaps, workspace);
                String corefile = config == null ? null : TenantDnsObjects.corefile(config);
                String hash = corefile == null ? TenantDnsObjects.corefileHash(current) : Corefile.hash(corefile);
                host.apply(TenantDnsObjects.deployment(workspace, options.image(), hash, 0));
                ensured.remove(workspace);
                LOG.info("workspace {} has no pods: its DNS server is scaled to zero", workspace);
            }
        }
    }

    /** The workspace is gone (its DNS namespace goes with its ledger). */
    void forgetWorkspace(String workspace) {
        locks.remove(workspace);
        ensured.remove(workspace);
    }

    private <T extends HasMetadata> T applyIfChanged(T desired, T current) {
        if (current != null && current.getMetadata().getDeletionTimestamp() == null
                && Objects.equals(digest(current), digest(desired))) {
            return current;
        }
        return host.apply(desired);
    }

    private static <T extends HasMetadata> T cached(SharedIndexInformer<T> informer, String workspace) {
        return Informers.get(informer, HostNames.dnsNamespace(workspace), TenantDnsObjects.NAME);
    }

    private static String digest(HasMetadata object) {
        return object.getMetadata().getAnnotations() == null ? null : object.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST);
    }
}
