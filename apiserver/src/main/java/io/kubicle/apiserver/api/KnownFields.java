package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * What a kind's schema says about the fields of an object, for the fieldValidation parameter: built-in
 * kinds answer from their OpenAPI schema, custom resources from their structural schema.
 */
public interface KnownFields {

    /**
     * The problems kube-apiserver's strict decoding reports for {@code object}, in the order it finds them:
     * {@code unknown field "spec.foo"} for a field the schema does not declare (anywhere: inside lists and
     * maps of objects and in metadata too), and {@code duplicate field "spec.replicas"} for a declared field
     * whose path is in {@code duplicates} (the request body named it twice). Empty if the object is clean.
     *
     * @param duplicates paths ("spec.template.spec.containers[0].image") that the body's JSON repeated
     */
    List<String> problems(ObjectNode object, Set<String> duplicates);

    /**
     * Removes the unknown fields of {@code object} when the request goes on despite them (Warn, Ignore):
     * kube-apiserver decodes a built-in kind into its Go type, which has nowhere to keep them. Custom
     * resources lose theirs to pruning when they are defaulted, so they need nothing here.
     */
    default void dropUnknown(ObjectNode object) {
    }
}
