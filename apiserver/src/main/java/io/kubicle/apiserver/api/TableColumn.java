package io.kubicle.apiserver.api;

/**
 * A column of a meta.k8s.io/v1 Table, as kubectl get prints it. {@code priority} 0 shows by default,
 * 1 only with {@code -o wide}.
 */
public record TableColumn(String name, String type, String format, String description, int priority) {
    public static TableColumn string(String name, String description) {
        return new TableColumn(name, "string", "", description, 0);
    }

    public static TableColumn wide(String name, String description) {
        return new TableColumn(name, "string", "", description, 1);
    }

    public static TableColumn nameColumn() {
        return new TableColumn("Name", "string", "name",
                "Name must be unique within a namespace. Is required when creating resources, although some resources may"
                        + " allow a client to request the generation of an appropriate name automatically.", 0);
    }

    public static TableColumn ageColumn() {
        return new TableColumn("Age", "string", "",
                "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
    }
}
