package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.api.crd.CustomResourceStrategy;
import java.util.List;

/**
 * The fieldValidation query parameter for custom resources: unknown (pruned) fields fail the request with
 * Strict, become Warning headers with Warn (the default), and are dropped silently with Ignore.
 */
final class FieldValidation {
    private FieldValidation() {
    }

    static void check(ApiCall call, ObjectNode object) {
        if (!(call.strategy() instanceof CustomResourceStrategy custom)) {
            return;
        }
        String mode = call.param("fieldValidation");
        if ("Ignore".equals(mode)) {
            return;
        }
        if (!mode.isEmpty() && !"Strict".equals(mode) && !"Warn".equals(mode)) {
            throw Statuses.badRequest("fieldValidation parameter unsupported: " + mode);
        }
        List<String> unknown = custom.unknownFields(object);
        if (unknown.isEmpty()) {
            return;
        }
        if ("Strict".equals(mode)) {
            StringBuilder sb = new StringBuilder("strict decoding error: ");
            for (int i = 0; i < unknown.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append("unknown field \"").append(unknown.get(i)).append('"');
            }
            throw Statuses.badRequest(sb.toString());
        }
        for (String field : unknown) {
            call.ctx().response().headers().add("Warning", "299 - \"unknown field \\\"" + field + "\\\"\"");
        }
    }
}
