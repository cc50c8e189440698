package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of a server-side apply.
 *
 * @param object the object to store (or return), managedFields included
 * @param changed false when the object, managedFields included, is identical to the live one, so the
 *     caller can skip the write (no new resourceVersion, no watch event), as kube-apiserver does
 */
public record ApplyResult(ObjectNode object, boolean changed) {
}
