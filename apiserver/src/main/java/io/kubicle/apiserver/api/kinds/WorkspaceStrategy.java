package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import io.kubicle.apiserver.api.WorkspaceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** tenancy.kubicle.io Workspace: its spec is checked on every write, the blueprint is fixed at creation. */
public final class WorkspaceStrategy implements KindStrategy {
    @Override
    public List<FieldError> validate(ObjectNode workspace, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>();
        WorkspaceSpec spec = WorkspaceSpec.parse(workspace.path("spec"), errors);
        if (old != null) {
            List<FieldError> ignored = new ArrayList<>();
            if (!Objects.equals(spec.blueprint(), WorkspaceSpec.parse(old.path("spec"), ignored).blueprint())) {
                errors.add(FieldError.invalid("spec.blueprint", spec.blueprint() == null ? "null" : "\"" + spec.blueprint() + "\"",
                        "field is immutable"));
            }
        }
        return errors;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Columns.NAME, Columns.str("Phase", "The workspace's lifecycle phase"),
                Columns.str("URL", "Where the workspace's Kubernetes API is served"),
                Columns.str("Expires", "When the workspace is deleted, if it has a ttl"), Columns.AGE);
    }

    @Override
    public List<Object> cells(ObjectNode workspace, Instant now) {
        return List.of(Printing.name(workspace), workspace.path("status").path("phase").asText(""),
                workspace.path("status").path("url").asText(""), workspace.path("status").path("expiresAt").asText("<none>"),
                Printing.age(workspace, now));
    }
}
