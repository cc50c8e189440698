package io.kubicle.e2e;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubicle.syncer.Shard;
import io.kubicle.syncer.Syncer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kubicle and a HOST STAND-IN (a second Kubicle server playing the host cluster where no Docker engine exists, see
 * {@link SyncerIT}), with the operator's config and clients of both, and the syncers a scenario runs between them: what
 * every syncer scenario starts from.
 */
record HostStandInPair(KubicleProcess kubicle, KubicleProcess hostStandIn, Config operator, Config hostConfig,
                       KubernetesClient root, KubernetesClient host, List<Syncer> syncers) implements AutoCloseable {

    static HostStandInPair start(Path dir) throws Exception {
        KubicleProcess kubicle = KubicleProcess.start(dir.resolve("kubicle"));
        KubicleProcess hostStandIn = KubicleProcess.start(dir.resolve("host-stand-in"));
        Config operator = Config.fromKubeconfig(Files.readString(kubicle.kubeconfig()));
        Config hostConfig = Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig()));
        return new HostStandInPair(kubicle, hostStandIn, operator, hostConfig, new KubernetesClientBuilder().withConfig(operator).build(),
                new KubernetesClientBuilder().withConfig(hostConfig).build(), new CopyOnWriteArrayList<>());
    }

    /** What most scenarios run: every workspace, a 5 s resync, four workers, no tenant DNS. */
    static Syncer.Options options() {
        return new Syncer.Options(Set.of(), Shard.ALL, Duration.ofSeconds(5), 4).withTenantDns(null);
    }

    /** A syncer between the two, not started yet (a scenario may have it serve containers first), closed with the pair. */
    Syncer syncer(Syncer.Options options) {
        Syncer syncer = new Syncer(operator, hostConfig, options);
        syncers.add(syncer);
        return syncer;
    }

    Syncer startSyncer(Syncer.Options options) {
        Syncer syncer = syncer(options);
        syncer.start();
        return syncer;
    }

    /** Plays the host's scheduler and kubelet for host pod {@code name}: bound to {@code node}, Running. */
    void runOnTheHost(String hostNs, String name, String node) {
        host.bindings().inNamespace(hostNs).resource(new BindingBuilder().withNewMetadata()
                .withName(name).withNamespace(hostNs).endMetadata().withNewTarget().withKind("Node").withName(node).endTarget()
                .build()).create();
        host.pods().inNamespace(hostNs).withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"phase\":\"Running\"}}");
    }

    @Override
    public void close() throws Exception {
        syncers.forEach(Syncer::close);
        root.close();
        host.close();
        kubicle.close();
        hostStandIn.close();
    }
}
