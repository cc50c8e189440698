package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Store;
import io.kubicle.storage.StorageException;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Namespace lifecycle as kube-apiserver's admission and controllers give it: objects go only into
 * namespaces that exist and are not terminating; every namespace gets a "default" ServiceAccount and
 * the "kube-root-ca.crt" ConfigMap; the system namespaces exist from the start and some refuse deletion.
 */
public final class NamespaceGuard {
    public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");
    public static final Set<String> UNDELETABLE = Set.of("default", "kube-system", "kube-public");

    private final Store store;
    private final Clock clock;
    private final String rootCaPem;
    private final NamespaceListers listers;

    public NamespaceGuard(Store store, Clock clock, String rootCaPem, NamespaceListers listers) {
        this.store = store;
        this.clock = clock;
        this.rootCaPem = rootCaPem;
        this.listers = listers;
    }

    /** The listers its answers come from, for other admission steps of a create. */
    NamespaceListers listers() {
        return listers;
    }

    /**
     * Refuses a create into a missing or terminating namespace. A namespace the lister knows active needs no
     * read; any other answer is confirmed by the store, as kube's lifecycle admission looks up a lister miss.
     */
    public Future<Void> checkCreate(ApiCall call) {
        if (!call.type().namespaced()) {
            return Future.succeededFuture();
        }
        String ns = call.info().namespace();
        if (listers.knownActive(call.workspaceId(), ns)) {
            return Future.succeededFuture();
        }
        return store.get(new ObjectKey(call.workspaceId(), "", "namespaces", "", ns))
                .recover(e -> Future.failedFuture(e instanceof StorageException.NotFound
                        ? Statuses.notFound("", "namespaces", ns) : e))
                .compose(stored -> {
                    ObjectNode namespace = Json.parseStored(stored.body());
                    if (!Json.text(Json.metadata(namespace), "deletionTimestamp").isEmpty()
                            || "Terminating".equals(namespace.path("status").path("phase").asText())) {
                        return Future.failedFuture(Statuses.namespaceTerminating(ns));
                    }
                    return Future.succeededFuture();
                });
    }

    /** After a namespace is created: its default ServiceAccount and root CA ConfigMap. */
    public Future<Void> afterCreate(ApiCall call, ObjectNode created) {
        if (!call.type().group().isEmpty() || !call.type().resource().equals("namespaces")) {
            return Future.succeededFuture();
        }
        return populate(call.workspaceId(), Json.text(Json.metadata(created), "name"));
    }

    /** Creates the system namespaces of a workspace, each with its default contents. Idempotent. */
    public Future<Void> bootstrapWorkspace(long workspaceId) {
        List<Future<Void>> all = new ArrayList<>();
        for (ObjectWrite write : systemObjects(workspaceId)) {
            all.add(store.create(write).<Void>mapEmpty().recover(e -> e instanceof StorageException.AlreadyExists
                    ? Future.succeededFuture() : Future.failedFuture(e)));
        }
        return Future.all(all).mapEmpty();
    }

    /** What every new workspace starts with: the system namespaces, their default contents and the default RBAC policy. */
    public List<ObjectWrite> systemObjects(long workspaceId) {
        List<ObjectWrite> writes = new ArrayList<>();
        for (String ns : SYSTEM_NAMESPACES) {
            ObjectNode namespace = Json.object();
            namespace.put("apiVersion", "v1").put("kind", "Namespace");
            ObjectNode meta = namespace.putObject("metadata");
            meta.put("name", ns);
            meta.putObject("labels").put("kubernetes.io/metadata.name", ns);
            namespace.putObject("spec").putArray("finalizers").add("kubernetes");
            namespace.putObject("status").put("phase", "Active");
            writes.add(prepared(new ObjectKey(workspaceId, "", "namespaces", "", ns), namespace));
            writes.addAll(namespaceContents(workspaceId, ns));
        }
        writes.add(prepared(new ObjectKey(workspaceId, "", "services", "default", "kubernetes"), kubernetesService()));
        writes.add(ServiceAddresses.kubernetesServiceClaim(workspaceId));
        for (ObjectNode object : io.kubicle.apiserver.authz.BootstrapPolicy.objects()) {
            String resource = object.path("kind").asText().equals("ClusterRole") ? "clusterroles" : "clusterrolebindings";
            writes.add(prepared(new ObjectKey(workspaceId, "rbac.authorization.k8s.io", resource, "",
                    Json.text(Json.metadata(object), "name")), object));
        }
        return writes;
    }

    /** The Service clients inside a cluster use to reach the API server, as every cluster has it. */
    private static ObjectNode kubernetesService() {
        ObjectNode svc = Json.object();
        svc.put("apiVersion", "v1").put("kind", "Service");
        ObjectNode meta = svc.putObject("metadata");
        meta.put("name", "kubernetes").put("namespace", "default");
        meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = svc.putObject("spec");
        spec.put("clusterIP", "10.96.0.1");
        spec.putArray("clusterIPs").add("10.96.0.1");
        spec.putArray("ipFamilies").add("IPv4");
        spec.put("ipFamilyPolicy", "SingleStack").put("internalTrafficPolicy", "Cluster");
        spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", 6443);
        spec.put("sessionAffinity", "None").put("type", "ClusterIP");
        svc.putObject("status").putObject("loadBalancer");
        return svc;
    }

    private Future<Void> populate(long workspaceId, String ns) {
        List<Future<Void>> all = new ArrayList<>();
        for (ObjectWrite write : namespaceContents(workspaceId, ns)) {
            all.add(store.create(write).<Void>mapEmpty().recover(e -> e instanceof StorageException.AlreadyExists
                    ? Future.succeededFuture() : Future.failedFuture(e)));
        }
        return Future.all(all).mapEmpty();
    }

    private List<ObjectWrite> namespaceContents(long workspaceId, String ns) {
        ObjectNode sa = Json.object();
        sa.put("apiVersion", "v1").put("kind", "ServiceAccount");
        sa.putObject("metadata").put("name", "default").put("namespace", ns);
        ObjectNode cm = Json.object();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode cmMeta = cm.putObject("metadata");
        cmMeta.put("name", "kube-root-ca.crt").put("namespace", ns);
        cmMeta.putObject("annotations").put("kubernetes.io/description", "Contains a CA bundle that can be used to verify"
                + " the kube-apiserver when using internal endpoints such as the internal service IP or"
                + " kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.");
        cm.putObject("data").put("ca.crt", rootCaPem);
        return List.of(prepared(new ObjectKey(workspaceId, "", "serviceaccounts", ns, "default"), sa),
                prepared(new ObjectKey(workspaceId, "", "configmaps", ns, "kube-root-ca.crt"), cm));
    }

    private ObjectWrite prepared(ObjectKey key, ObjectNode object) {
        ObjectNode meta = Json.metadata(object);
        meta.put("uid", java.util.UUID.randomUUID().toString());
        meta.put("creationTimestamp", ObjectLifecycle.timestamp(clock.instant()));
        return ObjectWrites.toWrite(key, object);
    }
}
