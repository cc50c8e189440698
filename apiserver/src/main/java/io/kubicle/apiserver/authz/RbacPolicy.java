package io.kubicle.apiserver.authz;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The RBAC objects of one workspace, reduced to what evaluation needs (rules and bindings). Safe to
 * read while a watch applies changes: each entry is replaced whole.
 */
public final class RbacPolicy {
    private final Map<String, List<PolicyRule>> clusterRoles = new ConcurrentHashMap<>();
    private final Map<String, Map<String, List<PolicyRule>>> roles = new ConcurrentHashMap<>();
    private final NavigableMap<String, Binding> clusterRoleBindings = new ConcurrentSkipListMap<>();
    private final Map<String, NavigableMap<String, Binding>> roleBindings = new ConcurrentHashMap<>();

    public void putClusterRole(String name, List<PolicyRule> rules) {
        clusterRoles.put(name, List.copyOf(rules));
    }

    public void removeClusterRole(String name) {
        clusterRoles.remove(name);
    }

    public void putRole(String namespace, String name, List<PolicyRule> rules) {
        roles.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(name, List.copyOf(rules));
    }

    public void removeRole(String namespace, String name) {
        Map<String, List<PolicyRule>> inNamespace = roles.get(namespace);
        if (inNamespace != null) {
            inNamespace.remove(name);
        }
    }

    public void putBinding(Binding binding) {
        if (binding.namespace().isEmpty()) {
            clusterRoleBindings.put(binding.name(), binding);
        } else {
            roleBindings.computeIfAbsent(binding.namespace(), n -> new ConcurrentSkipListMap<>())
                    .put(binding.name(), binding);
        }
    }

    public void removeBinding(String namespace, String name) {
        if (namespace.isEmpty()) {
            clusterRoleBindings.remove(name);
        } else {
            NavigableMap<String, Binding> inNamespace = roleBindings.get(namespace);
            if (inNamespace != null) {
                inNamespace.remove(name);
            }
        }
    }

    List<PolicyRule> clusterRole(String name) {
        return clusterRoles.get(name);
    }

    List<PolicyRule> role(String namespace, String name) {
        Map<String, List<PolicyRule>> inNamespace = roles.get(namespace);
        return inNamespace == null ? null : inNamespace.get(name);
    }

    Iterable<Binding> clusterRoleBindings() {
        return clusterRoleBindings.values();
    }

    Iterable<Binding> roleBindings(String namespace) {
        NavigableMap<String, Binding> inNamespace = roleBindings.get(namespace);
        return inNamespace == null ? List.of() : inNamespace.values();
    }
}
