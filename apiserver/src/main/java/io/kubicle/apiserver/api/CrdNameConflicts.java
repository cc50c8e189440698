package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * kube's naming controller check: a CRD's names must not collide with another resource of its group in this
 * workspace (built-in or another established CRD). The first collision found, in kube's order, is reported.
 */
public final class CrdNameConflicts {
    /** Why NamesAccepted is False. */
    public record Conflict(String reason, String message) {
    }

    private CrdNameConflicts() {
    }

    public static Conflict find(JsonNode crd, ResourceCatalog catalog) {
        String group = crd.path("spec").path("group").asText();
        JsonNode names = crd.path("spec").path("names");
        String plural = names.path("plural").asText();
        String kind = names.path("kind").asText();
        String singular = names.path("singular").asText(kind.toLowerCase());
        String listKind = names.path("listKind").asText(kind + "List");
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
        List<ResourceType> others = new ArrayList<>();
        for (ResourceType r : catalog.all()) {
            if (!r.group().equals(group)) {
                continue;
            }
            if (r.resource().equals(plural)) {
                if (ResourceCatalog.builtin().find(group, r.version(), plural).isPresent()) {
                    return inUse("PluralConflict", plural);
                }
                continue;   // this CRD's own rows
            }
            others.add(r);
        }
        for (ResourceType r : others) {
            if (r.singular().equals(plural)) {
                return inUse("PluralConflict", plural);
            }
        }
        for (ResourceType r : others) {
            if (r.singular().equals(singular) || r.resource().equals(singular)) {
                return inUse("SingularConflict", singular);
            }
        }
        for (String shortName : shortNames) {
            for (ResourceType r : others) {
                if (r.shortNames().contains(shortName) || r.resource().equals(shortName)
                        || r.singular().equals(shortName)) {
                    return inUse("ShortNamesConflict", shortName);
                }
            }
        }
        for (ResourceType r : others) {
            if (r.kind().equals(kind)) {
                return inUse("KindConflict", kind);
            }
            if ((r.kind() + "List").equals(listKind)) {
                return inUse("ListKindConflict", listKind);
            }
        }
        return null;
    }

    private static Conflict inUse(String reason, String name) {
        return new Conflict(reason, "\"" + name + "\" is already in use");
    }
}
