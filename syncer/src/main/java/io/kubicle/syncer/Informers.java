package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/** Small helpers around fabric8 informers: change callbacks and reads by namespace from the cache. */
final class Informers {
    private Informers() {
    }

    /** A handler that calls {@code changed} with the object for every add, update and delete. */
    static <T extends HasMetadata> ResourceEventHandler<T> onChange(Consumer<T> changed) {
        return onChange((before, after) -> false, changed);
    }

    /** As {@link #onChange(Consumer)}, but an update that {@code same} finds changes nothing the syncer uses is not told. */
    static <T extends HasMetadata> ResourceEventHandler<T> onChange(java.util.function.BiPredicate<T, T> same, Consumer<T> changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!same.test(oldObj, newObj)) {
                    changed.accept(newObj);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed.accept(obj);
            }
        };
    }

    /** Starts informers together and waits until each has its first list (or one failed, which is thrown). */
    static void startAll(List<SharedIndexInformer<?>> informers) {
        CompletableFuture<?>[] started = informers.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(started).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    static <T> List<T> inNamespace(SharedIndexInformer<T> informer, String namespace) {
        return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    static <T> T get(SharedIndexInformer<T> informer, String namespace, String name) {
        return informer.getIndexer().getByKey(Cache.namespaceKeyFunc(namespace, name));
    }
}
