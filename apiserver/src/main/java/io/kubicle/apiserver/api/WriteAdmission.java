package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * The asynchronous admission step just before an object is stored (quota reservation, pod
 * security). It may refuse with an ApiError; when it admits, the caller reports through the ticket
 * whether the write then happened, so reservations for writes that failed can be healed.
 */
public interface WriteAdmission {
    /** Admits nothing extra: the write path as it was before admission plugins. */
    WriteAdmission NONE = (call, object, old, dryRun) -> Future.succeededFuture(Ticket.NONE);

    /** {@code old} is null for a create; {@code dryRun} checks without reserving. */
    Future<Ticket> admit(ApiCall call, ObjectNode object, ObjectNode old, boolean dryRun);

    interface Ticket {
        Ticket NONE = written -> {
        };

        void finish(boolean written);
    }
}
