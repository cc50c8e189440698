package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * core/v1 Node: printNode (Ready/NotReady, SchedulingDisabled, roles), allocatable defaulting,
 * spec.unschedulable, set-once pod CIDRs and provider ID.
 */
public final class NodeStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Status", "The status of the node"),
            Columns.str("Roles", "The roles of the node"),
            Columns.AGE,
            Columns.str("Version", "Kubelet Version reported by the node."),
            Columns.wide("Internal-IP", NodeDocs.ADDRESSES),
            Columns.wide("External-IP", NodeDocs.ADDRESSES),
            Columns.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
            Columns.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
            Columns.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API"
                    + " (e.g. containerd://1.4.2)."));

    private static final class NodeDocs {
        static final String ADDRESSES = "List of addresses reachable to the node. Queried from cloud provider, if"
                + " available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This"
                + " field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data"
                + " corruption when it is merged. Callers should instead use a full-replacement patch. See"
                + " https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during"
                + " the lifetime of a Node. However, there are some exceptions where this may not be possible, such as"
                + " Pods that inherit a Node's address in its own status or consumers of the downward API"
                + " (status.hostIP).";
    }

    /** SetDefaults_NodeStatus: allocatable defaults to capacity. */
    @Override
    public void applyDefaults(ObjectNode node) {
        ObjectNode status = Json.objAt(node, "status");
        if (status != null && Json.absent(status, "allocatable") && status.get("capacity") instanceof ObjectNode) {
            status.set("allocatable", status.get("capacity").deepCopy());
        }
    }

    /** ValidateNodeUpdate: pod CIDRs and the provider ID are set once (from empty) and then kept. */
    @Override
    public List<io.kubicle.apiserver.api.FieldError> validate(ObjectNode node, ObjectNode old) {
        List<io.kubicle.apiserver.api.FieldError> errs = new ArrayList<>();
        if (old == null) {
            return errs;
        }
        JsonNode spec = node.path("spec");
        JsonNode oldSpec = old.path("spec");
        if (!UpdateRules.absent(oldSpec.path("podCIDRs")) && !UpdateRules.same(spec.path("podCIDRs"), oldSpec.path("podCIDRs"))) {
            errs.add(io.kubicle.apiserver.api.FieldError.forbidden("spec.podCIDRs",
                    "node updates may not change podCIDR except from \"\" to valid"));
        }
        String providerID = Json.text(oldSpec, "providerID");
        if (!providerID.isEmpty() && !providerID.equals(Json.text(spec, "providerID"))) {
            errs.add(io.kubicle.apiserver.api.FieldError.forbidden("spec.providerID",
                    "node updates may not change providerID except from \"\" to valid"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode node, Instant now) {
        List<String> status = new ArrayList<>();
        for (JsonNode c : Json.items(node, "status", "conditions")) {
            if ("Ready".equals(Json.text(c, "type"))) {
                status.clear();
                status.add("True".equals(Json.text(c, "status")) ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (Json.bool(node, "spec", "unschedulable")) {
            status.add("SchedulingDisabled");
        }
        TreeSet<String> roles = new TreeSet<>();
        Json.stringMap(node, "metadata", "labels").forEach((k, v) -> {
            if (k.startsWith("node-role.kubernetes.io/")) {
                String role = k.substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (k.equals("kubernetes.io/role") && !v.isEmpty()) {
                roles.add(v);
            }
        });
        JsonNode info = Json.at(node, "status", "nodeInfo");
        return List.of(Printing.name(node), String.join(",", status), roles.isEmpty() ? "<none>" : String.join(",", roles),
                Printing.age(node, now), Json.text(info, "kubeletVersion"), address(node, "InternalIP"),
                address(node, "ExternalIP"), unknown(Json.text(info, "osImage")), unknown(Json.text(info, "kernelVersion")),
                unknown(Json.text(info, "containerRuntimeVersion")));
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode a : Json.items(node, "status", "addresses")) {
            if (type.equals(Json.text(a, "type"))) {
                return Json.text(a, "address");
            }
        }
        return "<none>";
    }

    private static String unknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }

    @Override
    public String fieldValue(ObjectNode node, String field) {
        return "spec.unschedulable".equals(field) ? Boolean.toString(Json.bool(node, "spec", "unschedulable")) : null;
    }
}
