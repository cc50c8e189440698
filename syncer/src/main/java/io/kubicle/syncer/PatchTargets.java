package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;

/**
 * What a patch is addressed to: only the name and namespace. fabric8 patches {@code withName(...)} after a GET, and
 * {@code resource(object)} after a deep copy of the whole object through JSON; a patch needs neither.
 */
final class PatchTargets {
    private PatchTargets() {
    }

    static Pod pod(Pod pod) {
        Pod target = new Pod();
        target.setMetadata(address(pod.getMetadata()));
        return target;
    }

    static Service service(Service service) {
        Service target = new Service();
        target.setMetadata(address(service.getMetadata()));
        return target;
    }

    private static ObjectMeta address(ObjectMeta meta) {
        ObjectMeta address = new ObjectMeta();
        address.setName(meta.getName());
        address.setNamespace(meta.getNamespace());
        return address;
    }
}
