package io.kubicle.storage;

/** A running watch. Closing it is idempotent and stops deliveries (the listener gets onClose(null)). */
public interface Watch extends AutoCloseable {

    @Override
    void close();
}
