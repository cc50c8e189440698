package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Job's spec.podFailurePolicy applied to one failed pod, as kube's matchPodFailurePolicy: the
 * rules in order, the first whose onExitCodes (a terminated container, non-zero exit code, In or
 * NotIn the values, optionally only that container) or onPodConditions (type and status) matches
 * decides; no match counts the failure.
 */
final class PodFailurePolicy {
    static final String FAIL_JOB = "FailJob";
    static final String FAIL_INDEX = "FailIndex";
    static final String IGNORE = "Ignore";
    static final String COUNT = "Count";

    /** The matching rule's action (null: none matched), whether the failure counts, FailJob's message. */
    record Match(String action, boolean counts, String failJobMessage) {
        static final Match NONE = new Match(null, true, null);
    }

    private PodFailurePolicy() {
    }

    static Match match(JsonNode job, JsonNode pod) {
        JsonNode rules = job.path("spec").path("podFailurePolicy").path("rules");
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String action = rule.path("action").asText("");
            String message = null;
            if (rule.hasNonNull("onExitCodes")) {
                JsonNode container = exitedContainer(pod, rule.get("onExitCodes"));
                if (container == null) {
                    continue;
                }
                message = "Container " + container.path("name").asText() + " for pod " + where(pod)
                        + " failed with exit code " + exitCode(container) + " matching " + action + " rule at index " + i;
            } else if (rule.hasNonNull("onPodConditions")) {
                String condition = matchingCondition(pod, rule.get("onPodConditions"));
                if (condition == null) {
                    continue;
                }
                message = "Pod " + where(pod) + " has condition " + condition + " matching " + action + " rule at index " + i;
            } else {
                continue;
            }
            return switch (action) {
                case IGNORE -> new Match(IGNORE, false, null);
                case FAIL_JOB -> new Match(FAIL_JOB, true, message);
                case FAIL_INDEX, COUNT -> new Match(action, true, null);
                default -> Match.NONE;
            };
        }
        return Match.NONE;
    }

    private static String where(JsonNode pod) {
        return pod.path("metadata").path("namespace").asText() + "/" + Workload.name(pod);
    }

    /** getMatchingContainerFromList over the containers, then the init containers. */
    private static JsonNode exitedContainer(JsonNode pod, JsonNode requirement) {
        for (String list : new String[] {"containerStatuses", "initContainerStatuses"}) {
            for (JsonNode status : pod.path("status").path(list)) {
                JsonNode terminated = status.path("state").path("terminated");
                if (!terminated.isObject()) {
                    continue;
                }
                String only = requirement.path("containerName").asText("");
                if (!only.isEmpty() && !only.equals(status.path("name").asText())) {
                    continue;
                }
                long code = exitCode(status);
                if (code != 0 && operatorMatches(code, requirement)) {
                    return status;
                }
            }
        }
        return null;
    }

    private static long exitCode(JsonNode containerStatus) {
        return containerStatus.path("state").path("terminated").path("exitCode").asLong(0);
    }

    private static boolean operatorMatches(long code, JsonNode requirement) {
        boolean listed = false;
        for (JsonNode value : requirement.path("values")) {
            listed |= value.asLong() == code;
        }
        return switch (requirement.path("operator").asText("")) {
            case "In" -> listed;
            case "NotIn" -> !listed;
            default -> false;
        };
    }

    private static String matchingCondition(JsonNode pod, JsonNode patterns) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            for (JsonNode pattern : patterns) {
                if (condition.path("type").asText().equals(pattern.path("type").asText())
                        && condition.path("status").asText().equals(pattern.path("status").asText("True"))) {
                    return condition.path("type").asText();
                }
            }
        }
        return null;
    }
}
