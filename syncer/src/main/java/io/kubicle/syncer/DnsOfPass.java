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

    DnsOfPass(TenantDns dns, TenantWorkspace tenant, String namespace) {
        this.dns = dns;
        this.tenant = tenant;
        this.namespace = namespace;
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
