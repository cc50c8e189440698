package io.kubicle.syncer;

/**
 * The workspace's DNS server as one pass over a namespace needs it: ensured (with its address) at most once, when the
 * first new pod is translated or once the namespace is mapped. Its Corefile has a rule for each tenant namespace that
 * holds a Service (only Services have names to rewrite), so a namespace's first Service adds its rule and rolls the
 * server, while namespaces of pods alone never do.
 */
final class DnsOfPass {
    /** The workspaces' DNS servers; null when tenant DNS is off. */
    private final TenantDns dns;
    private final TenantWorkspace tenant;
    private final String namespace;
    private String ip;
    /** What the host said when it refused the DNS server in this pass, or null. */
    private String refusal;

    DnsOfPass(TenantDns dns, TenantWorkspace tenant, String namespace) {
        this.dns = dns;
        this.tenant = tenant;
        this.namespace = namespace;
    }

    /**
     * Why a new pod cannot go to the host in this pass: the host refused (403, 422) an object of the workspace's DNS
     * server, whose address the pod needs. Null when the server is there (or tenant DNS is off). Asked once per pass.
     */
    String refusalForNewPod() {
        if (dns == null || ip != null) {
            return null;
        }
        if (refusal == null) {
            try {
                ensure(true);
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (!HostRefusals.isRefusal(e)) {
                    throw e;
                }
                refusal = "the host refused this workspace's DNS server, which the pod's DNS settings name: "
                        + HostRefusals.message(e);
            }
        }
        return refusal;
    }

    PodDns forNewPod(String hostNs) {
        if (dns == null) {
            return PodDns.TENANTS;
        }
        return spec -> PodDns.workspaceServer(ensure(true), hostNs, dns.options().domain()).applyTo(spec);
    }

    void namespaceMapped(boolean hasPods) {
        if (dns != null && ip == null && (hasPods || dns.exists(tenant.name))) {
            ensure(hasPods);
        }
    }

    void namespaceGone() {
        if (dns != null && dns.exists(tenant.name)) {
            java.util.Set<String> named = tenant.namespacesWithServices();
            named.remove(namespace);
            dns.ensure(tenant.name, named, false);
        }
    }

    private String ensure(boolean hasPods) {
        if (ip == null) {
            ip = dns.ensure(tenant.name, tenant.namespacesWithServices(), hasPods);
        }
        return ip;
    }
}
