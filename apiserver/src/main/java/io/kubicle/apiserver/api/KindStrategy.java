package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * What is special about one kind; everything else is served generically. Mirrors the strategy
 * objects of k8s.io/apiserver's generic registry: defaults, validation, table printing and field
 * selectors. Implementations are small, stateless and pure (Jackson trees in, values out), so they
 * are tested without a server. Metadata (name rules, labels, annotations, resourceVersion, uid,
 * generation) is handled by the generic layer, not here.
 */
public interface KindStrategy {

    /**
     * Fills in defaults the way kube-apiserver's SetDefaults_* do (e.g. a Pod's restartPolicy,
     * a container's terminationMessagePath, a Service's sessionAffinity and clusterIP family).
     * Called on create and on update with the object about to be stored.
     */
    default void applyDefaults(ObjectNode object) {
    }

    /**
     * On update, before defaults: carries over what the client may leave out but the server set, as kube's
     * PrepareForUpdate and BeginUpdate hooks do (e.g. a Service's allocated cluster IPs and node ports,
     * so a replace without them keeps them). {@code old} is the stored object.
     */
    default void prepareForUpdate(ObjectNode object, ObjectNode old) {
    }

    /**
     * Checks the object beyond metadata. {@code old} is null on create; on update the kind's update rules
     * (immutable fields, kube's ValidateXxxUpdate) compare against it. An empty list means valid.
     * Field paths use Kubernetes' notation ("spec.containers[0].image").
     */
    default List<FieldError> validate(ObjectNode object, ObjectNode old) {
        return List.of();
    }

    /**
     * {@link #validate(ObjectNode, ObjectNode)} for a write by Kubicle's operator identity. Kinds whose fields the host
     * cluster allocates for a synced object (a Service's cluster IPs) let the operator adopt them.
     */
    default List<FieldError> validateByOperator(ObjectNode object, ObjectNode old) {
        return validate(object, old);
    }

    /**
     * Validation of a write to a subresource that changes part of the spec, Pods' {@code ephemeralcontainers} and
     * {@code resize}: everything else of {@code object} comes from {@code old}, and the subresource has its own rules.
     */
    default List<FieldError> validateSubresource(String subresource, ObjectNode object, ObjectNode old) {
        return validate(object, old);
    }

    /** Table columns for {@code kubectl get}, Name first, as kube-apiserver prints this kind. */
    default List<TableColumn> columns() {
        return List.of(TableColumn.nameColumn(), TableColumn.ageColumn());
    }

    /** One row of cells matching {@link #columns()}; {@code now} lets ages be computed reproducibly. */
    default List<Object> cells(ObjectNode object, Instant now) {
        return List.of(object.path("metadata").path("name").asText(), Ages.since(object, now));
    }

    /**
     * The value of a field-selector field beyond metadata.name/metadata.namespace (which the generic
     * layer serves), e.g. "spec.nodeName" or "status.phase" for Pods; null when this kind does not
     * support the field (the request then gets 400).
     */
    default String fieldValue(ObjectNode object, String field) {
        return null;
    }

    /** Where the scale subresource reads and writes, or null when the kind has none. */
    default ScalePaths scale() {
        return null;
    }

    /** JSON pointer of spec.replicas etc. for the /scale subresource. */
    record ScalePaths(String specReplicas, String statusReplicas, String labelSelector) {
    }

    /** Small helpers strategies share. */
    final class Ages {
        private Ages() {
        }

        /** Age as kubectl prints it (e.g. "5s", "3m2s", "4h", "12d"), or "<unknown>". */
        public static String since(JsonNode object, Instant now) {
            String created = object.path("metadata").path("creationTimestamp").asText("");
            if (created.isEmpty()) {
                return "<unknown>";
            }
            try {
                return HumanDuration.format(java.time.Duration.between(Instant.parse(created), now));
            } catch (java.time.format.DateTimeParseException e) {
                return "<unknown>";
            }
        }
    }
}
