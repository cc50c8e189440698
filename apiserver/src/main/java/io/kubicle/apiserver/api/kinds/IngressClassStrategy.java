package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** networking.k8s.io/v1 IngressClass: printIngressClass, and ValidateIngressClassUpdate keeps spec.controller. */
public final class IngressClassStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Controller", "Controller that is responsible for handling this class"),
            Columns.str("Parameters", "A reference to a resource with additional parameters"),
            Columns.AGE);

    @Override
    public List<FieldError> validate(ObjectNode ingressClass, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        if (old != null) {
            UpdateRules.immutable(errs, "spec.controller", ingressClass.path("spec").path("controller"),
                    old.path("spec").path("controller"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ingressClass, Instant now) {
        JsonNode params = ingressClass.path("spec").path("parameters");
        String parameters = "<none>";
        if (params.isObject()) {
            parameters = Json.text(params, "kind") + (params.hasNonNull("apiGroup") ? "." + Json.text(params, "apiGroup") : "")
                    + "/" + Json.text(params, "name");
        }
        return List.of(Printing.name(ingressClass), Json.text(ingressClass, "spec", "controller"), parameters,
                Printing.age(ingressClass, now));
    }
}
