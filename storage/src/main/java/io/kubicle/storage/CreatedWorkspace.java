package io.kubicle.storage;

import java.util.List;

/** A workspace just created, with the records its seed wrote elsewhere as they were stored. */
public record CreatedWorkspace(Workspace workspace, List<StoredObject> records) {
    public CreatedWorkspace {
        records = List.copyOf(records);
    }
}
