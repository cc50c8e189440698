package io.kubicle.storage;

import java.util.List;

/**
 * One page of a list. {@code resourceVersion} is the revision the page was read at (the same for
 * every page of one list); {@code continueToken} is null on the last page.
 */
public record ListResult(List<StoredObject> items, long resourceVersion, String continueToken) {

    public ListResult {
        items = List.copyOf(items);
    }
}
