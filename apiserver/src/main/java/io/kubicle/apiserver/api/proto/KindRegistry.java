package io.kubicle.apiserver.api.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admission;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Discovery;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Flowcontrol;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Node;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Resource;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V1alpha1Apiserverinternal;
import io.kubernetes.client.proto.V1beta1Admissionregistration;
import io.kubernetes.client.proto.V1beta1Authentication;
import io.kubernetes.client.proto.V1beta1Certificates;
import io.kubernetes.client.proto.V1beta1Storage;
import io.kubernetes.client.proto.V1beta1Storagemigration;
import io.kubernetes.client.proto.V2Autoscaling;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The protobuf message of each built-in (apiVersion, kind), found by name among the descriptors of
 * io.kubernetes:client-java-proto: {@code apps/v1 Deployment} is {@code k8s.io.api.apps.v1.Deployment}.
 */
public final class KindRegistry {
    private static final String META_PACKAGE = "k8s.io.apimachinery.pkg.apis.meta.";

    /** Built-in API groups and the proto package (without version) that holds their kinds. */
    private static final Map<String, String> GROUP_PACKAGES = Map.ofEntries(
        Map.entry("", "k8s.io.api.core"),
        Map.entry("meta.k8s.io", "k8s.io.apimachinery.pkg.apis.meta"),
        Map.entry("apiextensions.k8s.io", "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions"),
        Map.entry("internal.apiserver.k8s.io", "k8s.io.api.apiserverinternal"),
        Map.entry("admission.k8s.io", "k8s.io.api.admission"),
        Map.entry("admissionregistration.k8s.io", "k8s.io.api.admissionregistration"),
        Map.entry("apps", "k8s.io.api.apps"),
        Map.entry("authentication.k8s.io", "k8s.io.api.authentication"),
        Map.entry("authorization.k8s.io", "k8s.io.api.authorization"),
        Map.entry("autoscaling", "k8s.io.api.autoscaling"),
        Map.entry("batch", "k8s.io.api.batch"),
        Map.entry("certificates.k8s.io", "k8s.io.api.certificates"),
        Map.entry("coordination.k8s.io", "k8s.io.api.coordination"),
        Map.entry("discovery.k8s.io", "k8s.io.api.discovery"),
        Map.entry("events.k8s.io", "k8s.io.api.events"),
        Map.entry("flowcontrol.apiserver.k8s.io", "k8s.io.api.flowcontrol"),
        Map.entry("networking.k8s.io", "k8s.io.api.networking"),
        Map.entry("node.k8s.io", "k8s.io.api.node"),
        Map.entry("policy", "k8s.io.api.policy"),
        Map.entry("rbac.authorization.k8s.io", "k8s.io.api.rbac"),
        Map.entry("resource.k8s.io", "k8s.io.api.resource"),
        Map.entry("scheduling.k8s.io", "k8s.io.api.scheduling"),
        Map.entry("storage.k8s.io", "k8s.io.api.storage"),
        Map.entry("storagemigration.k8s.io", "k8s.io.api.storagemigration"));

    /** Kinds of meta.k8s.io that client-go sends under the apiVersion of the resource's group. */
    private static final Set<String> META_KINDS =
        Set.of("DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions", "GetOptions", "ListOptions");

    /** The proto files of the served versions (older beta/alpha versions of served groups are left out). */
    private static final List<FileDescriptor> FILES = List.of(
        Meta.getDescriptor(), Runtime.getDescriptor(), Resource.getDescriptor(), IntStr.getDescriptor(),
        V1.getDescriptor(), V1Admission.getDescriptor(), V1Admissionregistration.getDescriptor(),
        V1Apiextensions.getDescriptor(), V1Apps.getDescriptor(), V1Authentication.getDescriptor(),
        V1Authorization.getDescriptor(), V1Autoscaling.getDescriptor(), V1Batch.getDescriptor(),
        V1Certificates.getDescriptor(), V1Coordination.getDescriptor(), V1Discovery.getDescriptor(),
        V1Events.getDescriptor(), V1Flowcontrol.getDescriptor(), V1Networking.getDescriptor(),
        V1Node.getDescriptor(), V1Policy.getDescriptor(), V1Rbac.getDescriptor(), V1Resource.getDescriptor(),
        V1Scheduling.getDescriptor(), V1Storage.getDescriptor(), V2Autoscaling.getDescriptor(),
        V1alpha1Apiserverinternal.getDescriptor(), V1beta1Admissionregistration.getDescriptor(),
        V1beta1Authentication.getDescriptor(),
        V1beta1Certificates.getDescriptor(), V1beta1Storage.getDescriptor(),
        V1beta1Storagemigration.getDescriptor());

    private final Map<String, Descriptor> messages = new HashMap<>();

    private KindRegistry() {
        for (FileDescriptor file : FILES) {
            for (Descriptor message : file.getMessageTypes()) {
                messages.put(message.getFullName(), message);
            }
        }
    }

    private static final class Holder {
        static final KindRegistry INSTANCE = new KindRegistry();
    }

    public static KindRegistry instance() {
        return Holder.INSTANCE;
    }

    /** The message of a kind, if it is a built-in kind we have a descriptor for. */
    public Optional<Descriptor> find(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        String pkg = GROUP_PACKAGES.get(group);
        if (pkg == null || slash == 0 || version.isEmpty() || version.contains("/") || kind.isEmpty()) {
            return Optional.empty();
        }
        Descriptor message = messages.get(pkg + "." + version + "." + kind);
        if (message == null && META_KINDS.contains(kind)) {
            message = messages.get(META_PACKAGE + "v1." + kind);
        }
        return Optional.ofNullable(message).filter(m -> isKind(m));
    }

    /** Top-level kinds carry object or list metadata; the meta options kinds carry none. */
    private static boolean isKind(Descriptor message) {
        if (META_KINDS.contains(message.getName()) && message.getFullName().startsWith(META_PACKAGE)) {
            return true;
        }
        FieldDescriptor metadata = message.findFieldByName("metadata");
        return metadata != null && metadata.getJavaType() == FieldDescriptor.JavaType.MESSAGE
            && metadata.getMessageType().getFullName().startsWith(META_PACKAGE)
            && metadata.getMessageType().getName().matches("ObjectMeta|ListMeta");
    }

    /** Every message of every file we know, for tests. */
    public Map<String, Descriptor> messages() {
        return Map.copyOf(messages);
    }
}
