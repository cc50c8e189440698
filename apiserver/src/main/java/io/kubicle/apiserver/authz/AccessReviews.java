package io.kubicle.apiserver.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.UserInfo;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The create-only review kinds, answered from the workspace's real RBAC policy: SelfSubjectReview
 * (whoami), SelfSubjectAccessReview (can-i), SubjectAccessReview, LocalSubjectAccessReview and
 * SelfSubjectRulesReview (can-i --list).
 */
public final class AccessReviews {
    private static final String AUTHZ = "authorization.k8s.io";
    private static final String AUTHN = "authentication.k8s.io";

    private AccessReviews() {
    }

    public static boolean handles(String group, String resource) {
        return group.equals(AUTHN) && resource.equals("selfsubjectreviews")
                || group.equals(AUTHZ) && List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews",
                "subjectaccessreviews", "localsubjectaccessreviews").contains(resource);
    }

    /** The answered review; {@code urlNamespace} is the namespace of a LocalSubjectAccessReview's URL. */
    public static ObjectNode answer(RbacPolicy policy, String apiVersion, String kind, String resource, ObjectNode request,
                                    UserInfo user, String urlNamespace) {
        ObjectNode response = request.deepCopy();
        response.put("apiVersion", apiVersion).put("kind", kind);
        Json.metadata(response).put("creationTimestamp", (String) null);
        ObjectNode status = response.putObject("status");
        JsonNode spec = request.path("spec");
        switch (resource) {
            case "selfsubjectreviews" -> whoami(status.putObject("userInfo"), user);
            case "selfsubjectrulesreviews" -> rules(status, policy, user, spec.path("namespace").asText(""));
            case "selfsubjectaccessreviews" -> access(status, policy, kind, request, user);
            case "subjectaccessreviews" -> access(status, policy, kind, request, subject(kind, request));
            default -> {
                String bodyNamespace = Json.text(Json.metadata(request), "namespace");
                String attrsNamespace = spec.path("resourceAttributes").path("namespace").asText("");
                if (!bodyNamespace.isEmpty() && !bodyNamespace.equals(urlNamespace)) {
                    throw Statuses.badRequest("the namespace of the provided object does not match the namespace sent"
                            + " on the request");
                }
                if (!spec.path("resourceAttributes").isMissingNode() && !attrsNamespace.equals(urlNamespace)) {
                    throw Statuses.badRequest("spec.resourceAttributes.namespace must match namespace: " + urlNamespace);
                }
                Json.metadata(response).put("namespace", urlNamespace);
                access(status, policy, kind, request, subject(kind, request));
            }
        }
        return response;
    }

    private static void whoami(ObjectNode info, UserInfo user) {
        info.put("username", user.name());
        ArrayNode groups = info.putArray("groups");
        user.groups().forEach(groups::add);
    }

    private static void rules(ObjectNode status, RbacPolicy policy, UserInfo user, String namespace) {
        ArrayNode resourceRules = status.putArray("resourceRules");
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        RbacEvaluator.Rules held = RbacEvaluator.rulesFor(policy, user, namespace);
        for (PolicyRule rule : held.rules()) {
            if (!rule.resources().isEmpty()) {
                ObjectNode r = resourceRules.addObject();
                strings(r.putArray("verbs"), rule.verbs());
                if (!rule.apiGroups().isEmpty()) {
                    strings(r.putArray("apiGroups"), rule.apiGroups());
                }
                strings(r.putArray("resources"), rule.resources());
                if (!rule.resourceNames().isEmpty()) {
                    strings(r.putArray("resourceNames"), rule.resourceNames());
                }
            }
            if (!rule.nonResourceURLs().isEmpty()) {
                ObjectNode r = nonResourceRules.addObject();
                strings(r.putArray("verbs"), rule.verbs());
                strings(r.putArray("nonResourceURLs"), rule.nonResourceURLs());
            }
        }
        status.put("incomplete", false);
        if (!held.errors().isEmpty()) {
            status.put("evaluationError", RbacEvaluator.aggregate(held.errors()));
        }
    }

    private static void access(ObjectNode status, RbacPolicy policy, String kind, ObjectNode request, UserInfo user) {
        JsonNode spec = request.path("spec");
        JsonNode resource = spec.get("resourceAttributes");
        JsonNode nonResource = spec.get("nonResourceAttributes");
        List<FieldError> errors = new ArrayList<>();
        if (resource != null && nonResource != null) {
            errors.add(FieldError.invalid("spec.nonResourceAttributes", Json.string(nonResource),
                    "cannot be specified in combination with resourceAttributes"));
        }
        if (resource == null && nonResource == null) {
            errors.add(FieldError.invalid("spec.resourceAttributes", "null",
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        if (!errors.isEmpty()) {
            throw Statuses.invalid(AUTHZ, kind, Json.text(Json.metadata(request), "name"), errors);
        }
        Attributes attributes = resource != null
                ? Attributes.resource(user, text(resource, "verb"), text(resource, "group"), text(resource, "version"),
                text(resource, "resource"), text(resource, "subresource"), text(resource, "namespace"),
                text(resource, "name"))
                : Attributes.nonResource(user, text(nonResource, "verb"), text(nonResource, "path"));
        RbacEvaluator.Decision decision = RbacEvaluator.authorize(policy, attributes);
        status.put("allowed", decision.allowed());
        if (!decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
    }

    /** The subject a SubjectAccessReview asks about. */
    private static UserInfo subject(String kind, ObjectNode request) {
        JsonNode spec = request.path("spec");
        String name = spec.path("user").asText("");
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asText()));
        if (name.isEmpty() && groups.isEmpty()) {
            throw Statuses.invalid(AUTHZ, kind, Json.text(Json.metadata(request), "name"), List.of(
                    FieldError.invalid("spec.user", "", "at least one of user or group must be specified")));
        }
        return new UserInfo(name, groups);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }
}
