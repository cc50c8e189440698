package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What flows back to the tenant: pod status, service addresses, Events, and refusals. */
public final class UpTranslator {
    private UpTranslator() {
    }

    /** The tenant pod's new status, or null when it already says what the host says. */
    public static PodStatus podStatus(Pod host, Pod tenant) {
        if (host.getStatus() == null || host.getStatus().equals(tenant.getStatus())) {
            return null; // equals first: the JSON comparison below costs a round trip per pod and pass
        }
        PodStatus wanted = SyncerJson.convert(host.getStatus(), PodStatus.class);
        return sameJson(wanted, tenant.getStatus()) ? null : wanted;
    }

    /** The node the host scheduled the pod on, when the tenant pod is not bound yet (a pod is bound once, as in kube). */
    public static String nodeName(Pod host, Pod tenant) {
        String node = host.getSpec() == null ? null : host.getSpec().getNodeName();
        String bound = tenant.getSpec().getNodeName();
        return node == null || node.isEmpty() || bound != null && !bound.isEmpty() ? null : node;
    }

    /**
     * The Binding that puts the tenant pod on the host's node, as a scheduler binds (kube keeps
     * {@code spec.nodeName} immutable once set, so a patch would be refused); null when there is nothing to bind.
     * It carries the tenant pod's uid, so it cannot bind a pod recreated under the same name meanwhile.
     */
    public static Binding binding(Pod host, Pod tenant) {
        String node = nodeName(host, tenant);
        if (node == null) {
            return null;
        }
        return new BindingBuilder().withNewMetadata().withName(tenant.getMetadata().getName())
                .withNamespace(tenant.getMetadata().getNamespace()).withUid(tenant.getMetadata().getUid()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget().build();
    }

    /** The status of a pod the syncer refuses, as kubelet admission failures look; null when already set. */
    public static PodStatus refused(Pod tenant, List<String> problems) {
        String message = "Pod was refused by the syncer: " + String.join("; ", problems);
        PodStatus current = tenant.getStatus();
        if (current != null && "Failed".equals(current.getPhase()) && PodRefusal.REASON.equals(current.getReason())
                && message.equals(current.getMessage())) {
            return null;
        }
        PodStatus status = new PodStatus();
        status.setPhase("Failed");
        status.setReason(PodRefusal.REASON);
        status.setMessage(message);
        return status;
    }

    /**
     * A merge patch for the tenant Service's spec that adopts the host's cluster IPs, or null when equal. The tenant's
     * own allocation (if its server made one) is replaced: only the host's address is reachable. Kubicle lets the
     * operator identity, and only it, change a cluster IP once set (kube refuses every such change): for a synced
     * workspace the host is the allocator.
     */
    public static Map<String, Object> serviceSpecPatch(Service host, Service tenant) {
        String ip = host.getSpec() == null ? null : host.getSpec().getClusterIP();
        String tenantIp = tenant.getSpec() == null ? null : tenant.getSpec().getClusterIP();
        if (ip == null || ip.isEmpty() || "None".equals(ip) || ip.equals(tenantIp)) {
            return null;
        }
        List<String> ips = host.getSpec().getClusterIPs() == null || host.getSpec().getClusterIPs().isEmpty()
                ? List.of(ip) : host.getSpec().getClusterIPs();
        return Map.of("spec", Map.of("clusterIP", ip, "clusterIPs", ips));
    }

    /** A merge patch for the tenant Service's status carrying the host's load balancer, or null when equal. */
    public static Map<String, Object> serviceStatusPatch(Service host, Service tenant) {
        Object hostLb = host.getStatus() == null ? null : host.getStatus().getLoadBalancer();
        Object tenantLb = tenant.getStatus() == null ? null : tenant.getStatus().getLoadBalancer();
        if (hostLb == null || sameJson(hostLb, tenantLb)) {
            return null;
        }
        return Map.of("status", Map.of("loadBalancer", SyncerJson.convert(hostLb, Map.class)));
    }

    /** The tenant copy of a host Event about {@code tenantObject}; same name, so copying again is an update. */
    public static Event event(Event host, HasMetadata tenantObject) {
        Event copy = SyncerJson.convert(host, Event.class);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(host.getMetadata().getName());
        meta.setNamespace(tenantObject.getMetadata().getNamespace());
        copy.setMetadata(meta);
        copy.setInvolvedObject(reference(tenantObject, host.getInvolvedObject().getFieldPath()));
        return copy;
    }

    /** An Event telling the tenant why its pod is not synced; one per pod, named after it. */
    public static Event refusalEvent(Pod tenant, String message) {
        Event event = new Event();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(tenant.getMetadata().getName() + ".syncer-refused");
        meta.setNamespace(tenant.getMetadata().getNamespace());
        event.setMetadata(meta);
        event.setInvolvedObject(reference(tenant, null));
        event.setReason(PodRefusal.REASON);
        event.setMessage(message);
        event.setType("Warning");
        event.setCount(1);
        String now = Instant.now().toString();
        event.setFirstTimestamp(now);
        event.setLastTimestamp(now);
        event.setSource(new io.fabric8.kubernetes.api.model.EventSource("kubicle-syncer", null));
        event.setReportingComponent("kubicle-syncer");
        return event;
    }

    private static ObjectReference reference(HasMetadata object, String fieldPath) {
        ObjectReference ref = new ObjectReference();
        ref.setApiVersion(object.getApiVersion() == null ? "v1" : object.getApiVersion());
        ref.setKind(object.getKind());
        ref.setNamespace(object.getMetadata().getNamespace());
        ref.setName(object.getMetadata().getName());
        ref.setUid(object.getMetadata().getUid());
        ref.setResourceVersion(object.getMetadata().getResourceVersion());
        ref.setFieldPath(fieldPath);
        return ref;
    }

    private static boolean sameJson(Object a, Object b) {
        return Objects.equals(a == null ? null : SyncerJson.asJson(a), b == null ? null : SyncerJson.asJson(b));
    }
}
