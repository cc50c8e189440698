package io.kubicle.apiserver.api.kinds;

import io.kubicle.apiserver.api.TableColumn;

/**
 * Column definitions shared by the printers, with the descriptions kube-apiserver sends (taken from
 * the API's SwaggerDoc texts, as printers.go does).
 */
final class Columns {
    static final String NAME_DOC = "Name must be unique within a namespace. Is required when creating resources,"
            + " although some resources may allow a client to request the generation of an appropriate name"
            + " automatically. Name is primarily intended for creation idempotence and configuration definition."
            + " Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    static final String CREATION_DOC = "CreationTimestamp is a timestamp representing the server time when this object"
            + " was created. It is not guaranteed to be set in happens-before order across separate operations."
            + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the"
            + " system. Read-only. Null for lists. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    static final String CONTAINERS_DOC = "Names of each container in the template.";
    static final String IMAGES_DOC = "Images referenced by each container in the template.";

    static final TableColumn NAME = new TableColumn("Name", "string", "name", NAME_DOC, 0);
    static final TableColumn AGE = new TableColumn("Age", "string", "", CREATION_DOC, 0);
    /** The default table convertor's second column (kinds without a printer, e.g. Role, CRD). */
    static final TableColumn CREATED_AT = new TableColumn("Created At", "date", "", CREATION_DOC, 0);
    static final TableColumn WIDE_CONTAINERS = wide("Containers", CONTAINERS_DOC);
    static final TableColumn WIDE_IMAGES = wide("Images", IMAGES_DOC);

    private Columns() {
    }

    static TableColumn str(String name, String description) {
        return new TableColumn(name, "string", "", description, 0);
    }

    static TableColumn integer(String name, String description) {
        return new TableColumn(name, "integer", "", description, 0);
    }

    static TableColumn bool(String name, String description) {
        return new TableColumn(name, "boolean", "", description, 0);
    }

    static TableColumn wide(String name, String description) {
        return new TableColumn(name, "string", "", description, 1);
    }
}
