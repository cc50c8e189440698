package io.kubicle.apiserver.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The paths of the keys a JSON document repeats within one object, as kube's strict decoder names them
 * ({@code spec.paused}, {@code spec.template.spec.containers[0].imagePullPolicy}). Only called once a
 * parse has failed on a duplicate key, so the common body is never read twice.
 */
final class DuplicateFields {

    /** One open object or array: its path, and the keys seen (objects) or the next index (arrays). */
    private static final class Level {
        final String path;
        final Set<String> keys;
        int index;
        String key;

        Level(String path, boolean object) {
            this.path = path;
            this.keys = object ? new HashSet<>() : null;
        }

        String child() {
            if (keys == null) {
                return path + "[" + index++ + "]";
            }
            return path.isEmpty() ? key : path + "." + key;
        }
    }

    private DuplicateFields() {
    }

    /** The repeated keys' paths in document order; empty if the body is not valid JSON. */
    static Set<String> in(byte[] body) {
        Set<String> found = new LinkedHashSet<>();
        Deque<Level> levels = new ArrayDeque<>();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case FIELD_NAME -> {
                        Level level = levels.peek();
                        level.key = parser.currentName();
                        if (!level.keys.add(level.key)) {
                            found.add(level.child());
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        Level parent = levels.peek();
                        levels.push(new Level(parent == null ? "" : parent.child(), token == JsonToken.START_OBJECT));
                    }
                    case END_OBJECT, END_ARRAY -> levels.pop();
                    default -> {
                        Level level = levels.peek();
                        if (level != null && level.keys == null) {
                            level.index++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        return found;
    }
}
