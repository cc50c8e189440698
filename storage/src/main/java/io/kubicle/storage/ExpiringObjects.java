package io.kubicle.storage;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Objects that carry an expiry, found across every workspace without visiting each one. An object expires when it
 * carries the label {@link #LABEL} with the value {@link #labelValue}; objects without it never do. Finding them
 * reads an index that holds only labelled rows, so its cost follows the number of expiring objects, not the number
 * of workspaces or objects. Removing what is found is the caller's business, through {@link Store#delete}, so that
 * watches and revisions see an ordinary deletion.
 */
public interface ExpiringObjects {
    /** The label whose value is the object's expiry, as {@link #labelValue} writes it. */
    String LABEL = "kubicle.io/expires-at";

    /** Basic ISO 8601 in UTC ({@code 20261206T053500Z}): a legal label value whose text order is time order. */
    DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static String labelValue(Instant expiry) {
        return FORMAT.format(expiry);
    }

    /**
     * Up to {@code limit} objects of {@code group}/{@code resource}, in any workspace and namespace, whose expiry is
     * before {@code before}, earliest first.
     */
    Future<List<StoredObject>> expiredBefore(String group, String resource, Instant before, int limit);
}
