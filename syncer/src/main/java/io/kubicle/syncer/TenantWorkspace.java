package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One workspace seen through its own endpoint ({@code <base>/clusters/<ws>}) with the operator
 * credential: informers for what the syncer copies down. Every change queues its namespace.
 */
final class TenantWorkspace implements AutoCloseable {
    final String name;
    final KubernetesClient client;
    private volatile WorkspacePolicy policy;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Secret> secrets;
    private SharedIndexInformer<ServiceAccount> serviceAccounts;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<PodDisruptionBudget> pdbs;

    TenantWorkspace(String name, TenantClients clients, WorkspacePolicy policy) {
        this.name = name;
        this.policy = policy;
        this.client = clients.workspace(name);
    }

    /**
     * Starts the informers and returns once each has its first list. They list at the same time: one after
     * the other, 50 workspaces took 44 s to start on a loaded 2-core machine (six round trips each, in turn).
     */
    void start(Consumer<String> namespaceChanged, long resyncMillis) {
        pods = track(client.pods().inAnyNamespace().runnableInformer(resyncMillis), namespaceChanged);
        services = track(client.services().inAnyNamespace().runnableInformer(resyncMillis), namespaceChanged);
        configMaps = track(client.configMaps().inAnyNamespace().runnableInformer(resyncMillis), namespaceChanged);
        secrets = track(client.secrets().inAnyNamespace().runnableInformer(resyncMillis), namespaceChanged);
        serviceAccounts = track(client.serviceAccounts().inAnyNamespace().runnableInformer(resyncMillis), namespaceChanged);
        claims = track(client.persistentVolumeClaims().inAnyNamespace().runnableInformer(resyncMillis), namespaceChanged);
        // a status change matters only where it changes the host copy's number, the status's desiredHealthy (HostBudgets)
        pdbs = client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(resyncMillis);
        pdbs.addEventHandler(Informers.onChange(HostBudgets::sameCopy, b -> namespaceChanged.accept(b.getMetadata().getNamespace())));
        informers.add(pdbs);
        Informers.startAll(informers);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> track(SharedIndexInformer<T> informer, Consumer<String> namespaceChanged) {
        informer.addEventHandler(Informers.onChange(o -> namespaceChanged.accept(o.getMetadata().getNamespace())));
        informers.add(informer);
        return informer;
    }

    WorkspacePolicy policy() {
        return policy;
    }

    void policy(WorkspacePolicy policy) {
        this.policy = policy;
    }

    /** Every namespace that holds something the syncer copies down. */
    Set<String> activeNamespaces() {
        Set<String> namespaces = namespacesWithServices();
        pods.getIndexer().list().forEach(p -> namespaces.add(p.getMetadata().getNamespace()));
        return namespaces;
    }

    /** Every namespace that holds a Service: the names the workspace's DNS server rewrites. */
    Set<String> namespacesWithServices() {
        Set<String> namespaces = new TreeSet<>();
        services.getIndexer().list().forEach(s -> namespaces.add(s.getMetadata().getNamespace()));
        return namespaces;
    }

    /** Whether the workspace has any pod, in any namespace. */
    boolean hasPods() {
        return !pods.getIndexer().list().isEmpty();
    }

    List<Pod> pods(String namespace) {
        return Informers.inNamespace(pods, namespace);
    }

    /** Every pod of the workspace, in all namespaces. */
    List<Pod> pods() {
        return pods.getIndexer().list();
    }

    Pod pod(String namespace, String name) {
        return Informers.get(pods, namespace, name);
    }

    List<Service> services(String namespace) {
        return Informers.inNamespace(services, namespace);
    }

    ConfigMap configMap(String namespace, String name) {
        return Informers.get(configMaps, namespace, name);
    }

    Secret secret(String namespace, String name) {
        return Informers.get(secrets, namespace, name);
    }

    ServiceAccount serviceAccount(String namespace, String name) {
        return Informers.get(serviceAccounts, namespace, name);
    }

    Set<String> serviceAccountNames(String namespace) {
        return Informers.inNamespace(serviceAccounts, namespace).stream().map(sa -> sa.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    PersistentVolumeClaim claim(String namespace, String name) {
        return Informers.get(claims, namespace, name);
    }

    List<PodDisruptionBudget> pdbs(String namespace) {
        return Informers.inNamespace(pdbs, namespace);
    }

    /** Whether the tenant namespace still exists (asked of the server: namespaces are not informed). */
    boolean namespaceExists(String namespace) {
        return client.namespaces().withName(namespace).get() != null;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close); // the client shares its HTTP client with every workspace: left open
    }
}
