package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * What one controller decided for one object, as values: the decision logic is pure and tested as
 * tables of cases; {@link Steps} carries the plan out against the API.
 */
record Plan(List<Step> steps, long requeueMillis) {
    static final Plan NOTHING = new Plan(List.of(), 0);

    /** The object an Event is about. */
    record Involved(String apiVersion, String kind, ObjectNode object) {
    }

    sealed interface Step {
    }

    /** A create; on success a Normal event {@code reason} with {@code message} ("{name}" is the created name). */
    record Create(Resource resource, ObjectNode object, Involved owner, String reason, String message) implements Step {
    }

    /**
     * Creates in kube's slow-start batches (1, 2, 4, ...), stopping at the first refusal, which becomes
     * a FailedCreate Warning and backs the owner off; {@code then} (or null) runs only once all succeeded.
     */
    record Creates(List<Create> creates, Step then) implements Step {
        Creates(List<Create> creates) {
            this(creates, null);
        }
    }

    /** A compare-and-swap PUT of the object (or of its status). */
    record Replace(Resource resource, ObjectNode object, boolean status) implements Step {
    }

    /** A replica count change (a compare-and-swap PUT) and its ScalingReplicaSet event. */
    record Scale(Resource resource, ObjectNode object, Involved owner, String message) implements Step {
    }

    /**
     * A delete; with an owner, a Normal event {@code reason} "{message}". Dependents go in the
     * background unless {@code foreground}.
     */
    record Delete(Resource resource, ObjectNode object, Involved owner, String reason, String message,
                  boolean foreground) implements Step {
        Delete(Resource resource, ObjectNode object, Involved owner, String reason, String message) {
            this(resource, object, owner, reason, message, false);
        }
    }

    record Event(Involved owner, String type, String reason, String message) implements Step {
    }

    /** Collects steps in the order they must run. */
    static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private long requeueMillis;

        Builder add(Step step) {
            steps.add(step);
            return this;
        }

        Builder requeue(long millis) {
            if (millis > 0 && (requeueMillis == 0 || millis < requeueMillis)) {
                requeueMillis = millis;
            }
            return this;
        }

        boolean isEmpty() {
            return steps.isEmpty();
        }

        Plan build() {
            return new Plan(List.copyOf(steps), requeueMillis);
        }
    }
}
