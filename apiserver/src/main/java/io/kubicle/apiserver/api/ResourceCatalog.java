package io.kubicle.apiserver.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources one workspace serves: an immutable lookup over {@link ResourceType} rows. The
 * built-in catalog is shared by all workspaces; a workspace with CRDs gets {@code builtin().plus(crdRows)},
 * which keeps only its own rows and indexes and delegates the rest to the shared catalog, so a
 * workspace costs memory in proportion to its CRDs, not to the built-in table.
 *
 * <p>Ordering follows kube-apiserver's discovery: the core group first, then the built-in groups in
 * the order {@code /apis} lists them (their APIService group priorities), then any other group
 * (CRDs, priority 1000 in kube) alphabetically. Versions within a group are in kube-aware order
 * (GA before beta before alpha, higher numbers first), so the first is the preferred version.
 */
public final class ResourceCatalog {

    /** Built-in groups in kube-apiserver 1.35's /apis order; Kubicle's tenancy group after them. */
    private static final List<String> GROUP_ORDER = List.of("", "apps", "events.k8s.io", "authentication.k8s.io",
            "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy",
            "rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io",
            "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io", "resource.k8s.io",
            "flowcontrol.apiserver.k8s.io", BuiltinResources.TENANCY_GROUP);

    private static final Pattern KUBE_VERSION = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

    /** Orders versions as kube does: v2, v1, v11beta2, v10beta3, v3beta1, v12alpha1, v11alpha2, foo1, foo10. */
    public static final Comparator<String> KUBE_AWARE_VERSION_ORDER = ResourceCatalog::compareVersions;

    // after the comparator and the pattern: static fields initialise in declaration order
    private static final ResourceCatalog BUILTIN = of(BuiltinResources.all());

    private final ResourceCatalog base;                      // null for a root catalog
    private final Map<String, ResourceType> byResource;      // own rows: "group/version/resource"
    private final Map<String, ResourceType> byKind;          // own rows: "group/version/Kind"
    private final List<ResourceType> all;                    // every row, base rows first
    private final List<String> groups;
    private final Map<String, List<String>> versions;        // group -> versions, preferred first

    private ResourceCatalog(ResourceCatalog base, List<ResourceType> own) {
        this.base = base;
        Map<String, ResourceType> resources = new LinkedHashMap<>();
        for (ResourceType row : own) {
            resources.put(gvr(row.group(), row.version(), row.resource()), row);   // a later row replaces
        }
        Map<String, ResourceType> kinds = new HashMap<>();
        for (ResourceType row : resources.values()) {
            kinds.putIfAbsent(gvk(row.group(), row.version(), row.kind()), row);
        }
        this.byResource = Map.copyOf(resources);
        this.byKind = Map.copyOf(kinds);

        List<ResourceType> rows = new ArrayList<>();
        if (base != null) {
            for (ResourceType row : base.all) {
                ResourceType replacement = resources.remove(gvr(row.group(), row.version(), row.resource()));
                rows.add(replacement != null ? replacement : row);
            }
        }
        rows.addAll(resources.values());
        this.all = List.copyOf(rows);

        Map<String, List<String>> versionsByGroup = new HashMap<>();
        for (ResourceType row : all) {
            List<String> list = versionsByGroup.computeIfAbsent(row.group(), g -> new ArrayList<>());
            if (!list.contains(row.version())) {
                list.add(row.version());
            }
        }
        Map<String, List<String>> sortedVersions = new HashMap<>();
        versionsByGroup.forEach((group, list) -> {
            list.sort(KUBE_AWARE_VERSION_ORDER);
            sortedVersions.put(group, List.copyOf(list));
        });
        this.versions = Map.copyOf(sortedVersions);
        List<String> groupList = new ArrayList<>(versionsByGroup.keySet());
        groupList.sort(Comparator.comparingInt(ResourceCatalog::groupRank).thenComparing(Comparator.naturalOrder()));
        this.groups = List.copyOf(groupList);
    }

    /** The built-in resources of kube-apiserver 1.35 plus Kubicle's workspaces; one shared instance. */
    public static ResourceCatalog builtin() {
        return BUILTIN;
    }

    /** A catalog of exactly these rows; of two rows with the same group/version/resource the later wins. */
    public static ResourceCatalog of(List<ResourceType> rows) {
        return new ResourceCatalog(null, rows);
    }

    /**
     * This catalog with {@code extra} rows added (e.g. a workspace's CRDs). An extra row with the same
     * group/version/resource as an existing one replaces it. This catalog is unchanged.
     */
    public ResourceCatalog plus(List<ResourceType> extra) {
        return extra.isEmpty() ? this : new ResourceCatalog(this, extra);
    }

    /** The row serving {@code /apis/<group>/<version>/<resource>} ({@code ""} group for /api/v1). */
    public Optional<ResourceType> find(String group, String version, String resource) {
        ResourceType own = byResource.get(gvr(nonNull(group), version, resource));
        if (own != null) {
            return Optional.of(own);
        }
        return base == null ? Optional.empty() : base.find(group, version, resource);
    }

    /** The row whose objects have this group, version and kind. */
    public Optional<ResourceType> findKind(String group, String version, String kind) {
        ResourceType own = byKind.get(gvk(nonNull(group), version, kind));
        if (own != null) {
            return Optional.of(own);
        }
        if (base == null) {
            return Optional.empty();
        }
        // a base row is hidden when one of our rows replaced its group/version/resource
        return base.findKind(group, version, kind)
                .filter(row -> !byResource.containsKey(gvr(row.group(), row.version(), row.resource())));
    }

    /** Every row in catalog order: the base catalog's rows first (replaced ones in place), then added rows. */
    public List<ResourceType> all() {
        return all;
    }

    /** Every row of one group version, in catalog order. */
    public List<ResourceType> resources(String group, String version) {
        String g = nonNull(group);
        List<ResourceType> rows = new ArrayList<>();
        for (ResourceType row : all) {
            if (row.group().equals(g) && row.version().equals(version)) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The groups served, in discovery order: core ("") first, then kube's /apis order, then others by name. */
    public List<String> groups() {
        return groups;
    }

    /** The versions of a group, preferred first; empty for an unknown group. */
    public List<String> versions(String group) {
        return versions.getOrDefault(nonNull(group), List.of());
    }

    /** The preferred version of a group, if the group is served. */
    public Optional<String> preferredVersion(String group) {
        List<String> list = versions(group);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    public boolean servesGroupVersion(String group, String version) {
        return versions(group).contains(version);
    }

    private static int groupRank(String group) {
        int index = GROUP_ORDER.indexOf(group);
        return index >= 0 ? index : GROUP_ORDER.size();
    }

    /**
     * Kube-aware version comparison (k8s.io/apimachinery version.CompareKubeAwareVersionStrings), as a
     * comparator that puts the more preferred version first.
     */
    private static int compareVersions(String a, String b) {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            if (ka) {
                return -1;
            }
            if (kb) {
                return 1;
            }
            return a.compareTo(b);
        }
        int stability = Integer.compare(stability(mb.group(2)), stability(ma.group(2)));
        if (stability != 0) {
            return stability;
        }
        int major = compareNumbers(mb.group(1), ma.group(1));
        if (major != 0 || ma.group(3) == null) {
            return major;
        }
        return compareNumbers(mb.group(3), ma.group(3));
    }

    /** Compares two decimal digit strings of any length by value. */
    private static int compareNumbers(String a, String b) {
        String x = a.replaceFirst("^0+(?=.)", "");
        String y = b.replaceFirst("^0+(?=.)", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    private static int stability(String qualifier) {
        if (qualifier == null) {
            return 2;
        }
        return "beta".equals(qualifier) ? 1 : 0;
    }

    private static String gvr(String group, String version, String resource) {
        return group + "/" + version + "/" + resource;
    }

    private static String gvk(String group, String version, String kind) {
        return group + "/" + version + "/" + kind;
    }

    private static String nonNull(String group) {
        return group == null ? "" : group;
    }
}
