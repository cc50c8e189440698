package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Shared test helpers: JSON literals, a fixed clock, error rendering. */
final class KindFixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Every object below is created at CREATED, ten days before NOW. */
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String CREATED = "2025-05-22T12:00:00Z";

    private KindFixtures() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The errors of an update as the generic layer admits it: {@code old} defaulted as stored, then
     * {@code change} applied to a copy, then prepareForUpdate, defaults and validate against the old.
     */
    static List<String> updateErrors(io.kubicle.apiserver.api.KindStrategy strategy, ObjectNode old,
                                     java.util.function.Consumer<ObjectNode> change) {
        Update update = update(strategy, old, change);
        return messages(strategy.validate(update.next(), update.stored()));
    }

    /** The object as stored and the next one as the generic layer prepared it for validation. */
    record Update(ObjectNode stored, ObjectNode next) {
    }

    /** {@code old} defaulted as stored, then {@code change} applied to a copy, then prepareForUpdate and defaults. */
    static Update update(io.kubicle.apiserver.api.KindStrategy strategy, ObjectNode old,
                         java.util.function.Consumer<ObjectNode> change) {
        ObjectNode stored = old.deepCopy();
        strategy.applyDefaults(stored);
        ObjectNode next = stored.deepCopy();
        change.accept(next);
        strategy.prepareForUpdate(next, stored);
        strategy.applyDefaults(next);
        return new Update(stored, next);
    }

    /** Errors as kube prints them, one per line. */
    static List<String> messages(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).collect(Collectors.toList());
    }
}
