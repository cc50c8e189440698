package io.kubicle.syncer;

/** The labels and annotations the syncer puts on host objects; the sweep and the ledger rely on them. */
public final class SyncLabels {
    public static final String WORKSPACE = "kubicle.io/workspace";
    public static final String NAMESPACE = "kubicle.io/namespace";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "kubicle-syncer";
    /** Selects every host object (and host namespace) any syncer created. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGER;

    public static final String TENANT_UID = "kubicle.io/tenant-uid";
    /** A digest of what was written, so an unchanged tenant object costs no host write on resync. */
    public static final String SYNC_DIGEST = "kubicle.io/sync-digest";

    /** The host namespace holding the ledger ConfigMaps (one per workspace). */
    public static final String LEDGER_NAMESPACE = "kubicle-syncer";

    private SyncLabels() {
    }
}
