package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The host copies of tenant objects, kept from one pass over a namespace to the next. A burst of pod
 * events runs many passes over the same namespace, and translating every object on every pass (a JSON
 * round trip plus a SHA-256 digest each) made a burst O(n²) in JSON work: 60% of the syncer's CPU in the
 * issue-6 profile. An object is translated again only when its uid, its resourceVersion or the workspace
 * policy changed; what a pass did not ask for (deleted objects) is dropped when the pass ends. A caller that
 * names what its translation reads ({@code input}) also keeps the copy across a new resourceVersion that left
 * that input equal: a pod's status write (the syncer's own, each pod several times) changes nothing it sends down.
 *
 * <p>Passes over one namespace never overlap (the work queue runs a key on one thread at a time).
 * Callers must not change the objects they get back: the next pass hands out the same instances.
 */
final class Translations {
    private record Entry(String uid, String resourceVersion, WorkspacePolicy policy, Object input, HasMetadata host) {
    }

    private final Map<Syncer.Key, Map<String, Entry>> byNamespace = new ConcurrentHashMap<>();

    /** Starts a pass over one tenant namespace; {@link Pass#end()} keeps what it used for the next pass. */
    Pass pass(String workspace, String namespace) {
        return new Pass(new Syncer.Key(workspace, namespace));
    }

    /** Drops everything kept for a workspace (it is gone, or no longer this syncer's). */
    void forgetWorkspace(String workspace) {
        byNamespace.keySet().removeIf(k -> k.workspace().equals(workspace));
    }

    /** How many namespaces have translations kept (for tests). */
    int namespaces() {
        return byNamespace.size();
    }

    final class Pass {
        private final Syncer.Key key;
        private final Map<String, Entry> previous;
        private final Map<String, Entry> used = new HashMap<>();

        private Pass(Syncer.Key key) {
            this.key = key;
            this.previous = byNamespace.getOrDefault(key, Map.of());
        }

        /** The host copy of {@code tenant}: the last pass's when nothing it depends on changed, else {@code translation}'s. */
        <T extends HasMetadata> HasMetadata host(T tenant, WorkspacePolicy policy, Function<T, ? extends HasMetadata> translation) {
            return host(tenant, policy, t -> null, translation);
        }

        /**
         * As {@link #host(HasMetadata, WorkspacePolicy, Function)}, the last pass's copy also kept when the
         * resourceVersion moved but {@code input} (everything {@code translation} reads besides name and uid; null:
         * unknown) is equal to the last pass's.
         */
        <T extends HasMetadata> HasMetadata host(T tenant, WorkspacePolicy policy, Function<T, ?> input,
                                                 Function<T, ? extends HasMetadata> translation) {
            String id = tenant.getKind() + "/" + tenant.getMetadata().getName();
            String uid = tenant.getMetadata().getUid();
            String resourceVersion = tenant.getMetadata().getResourceVersion();
            Entry entry = previous.get(id);
            Object in = input.apply(tenant);
            boolean same = entry != null && resourceVersion != null && Objects.equals(entry.uid, uid)
                    && Objects.equals(entry.policy, policy)
                    && (entry.resourceVersion.equals(resourceVersion) || in != null && in.equals(entry.input));
            entry = same ? new Entry(uid, resourceVersion, policy, in, entry.host)
                    : new Entry(uid, resourceVersion, policy, in, translation.apply(tenant));
            if (resourceVersion != null) {
                used.put(id, entry);
            }
            return entry.host;
        }

        void end() {
            if (used.isEmpty()) {
                byNamespace.remove(key);
            } else {
                byNamespace.put(key, used);
            }
        }
    }
}
