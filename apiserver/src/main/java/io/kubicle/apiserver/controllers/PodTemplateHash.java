package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pod-template-hash label, computed as kube's controller.ComputeHash does: FNV-32a over the
 * template, then the collision count as 8 little-endian bytes, then rand.SafeEncodeString of the
 * decimal hash. kube feeds FNV the Go struct as printed by spew (a format tied to Go's types); we feed
 * it the template's canonical JSON (keys sorted), so the values differ from kube's while behaving the
 * same: stable for a template, different for another, changed by collisionCount.
 */
final class PodTemplateHash {
    static final String LABEL = "pod-template-hash";
    /** k8s.io/apimachinery/pkg/util/rand's alphabet: no vowels, no 0/1/3, so no words and no look-alikes. */
    static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private PodTemplateHash() {
    }

    static String compute(JsonNode template, Integer collisionCount) {
        int hash = fnv32a(FNV_OFFSET, Json.bytes(canonical(template)));
        if (collisionCount != null) {
            byte[] count = new byte[8];
            int c = collisionCount;
            for (int i = 0; i < 4; i++) {
                count[i] = (byte) (c >>> (8 * i));
            }
            hash = fnv32a(hash, count);
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    static int fnv32a(int start, byte[] bytes) {
        int hash = start;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    static int fnv32a(String s) {
        return fnv32a(FNV_OFFSET, s.getBytes(StandardCharsets.UTF_8));
    }

    /** rand.SafeEncodeString: each character mapped into the alphabet by its code point. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.append(ALPHANUMS.charAt(c % ALPHANUMS.length())));
        return out.toString();
    }

    /** The template with its hash label taken out: what "the same template" means (EqualIgnoreHash). */
    static JsonNode withoutHash(JsonNode template) {
        ObjectNode copy = template.deepCopy();
        JsonNode labels = copy.path("metadata").path("labels");
        if (labels instanceof ObjectNode l) {
            l.remove(LABEL);
        }
        return copy;
    }

    static boolean equalIgnoringHash(JsonNode a, JsonNode b) {
        return canonical(withoutHash(a)).equals(canonical(withoutHash(b)));
    }

    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode sorted = Json.object();
            for (String name : names) {
                if (!node.get(name).isNull()) { // a Go struct has no null: kubectl rollout undo sends creationTimestamp: null
                    sorted.set(name, canonical(node.get(name)));
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            node.forEach(item -> array.add(canonical(item)));
            return array;
        }
        return node;
    }
}
