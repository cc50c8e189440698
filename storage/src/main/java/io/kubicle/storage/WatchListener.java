package io.kubicle.storage;

/**
 * Receives a watch's events. Calls for one watch never overlap and arrive in revision order;
 * implementations must not block (hand the event to the network and return).
 */
public interface WatchListener {

    void onEvent(WatchEvent event);

    /**
     * The watch ended: {@code error} is null after {@link Watch#close()}, a
     * {@link StorageException.Expired} when the watcher fell behind the retained history, or
     * another {@link StorageException} when the store could not go on.
     */
    void onClose(StorageException error);
}
