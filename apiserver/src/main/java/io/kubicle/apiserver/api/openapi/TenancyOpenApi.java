package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The OpenAPI document of Kubicle's own tenancy.kubicle.io/v1alpha1 group, so that kubectl's
 * client-side validation and explain work for Workspace objects as for built-in kinds.
 */
public final class TenancyOpenApi {
    public static final String PATH = "apis/tenancy.kubicle.io/v1alpha1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TenancyOpenApi() {
    }

    /** The built-in documents plus the tenancy group's. */
    public static OpenApiV3 addTo(OpenApiV3 base) {
        try {
            ObjectNode schemas = (ObjectNode) JSON.readTree("""
                    {"io.kubicle.tenancy.v1alpha1.Workspace": {"type": "object",
                      "description": "A workspace: a virtual cluster with its own endpoint, namespaces, RBAC and CRDs.",
                      "x-kubernetes-group-version-kind": [{"group": "tenancy.kubicle.io", "version": "v1alpha1", "kind": "Workspace"}],
                      "properties": {
                        "apiVersion": {"type": "string", "description": "APIVersion: tenancy.kubicle.io/v1alpha1."},
                        "kind": {"type": "string", "description": "Kind: Workspace."},
                        "metadata": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
                        "spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                          "description": "What the workspace should be: ttl, quota, GPU pool policy, pod-security level, blueprint."},
                        "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                          "description": "What the workspace is: phase and url."}}}}""");
            ObjectNode paths = (ObjectNode) JSON.readTree("""
                    {"/apis/tenancy.kubicle.io/v1alpha1/workspaces/{name}": {"patch": {
                      "operationId": "patchTenancyKubicleIoV1alpha1Workspace",
                      "x-kubernetes-action": "patch",
                      "x-kubernetes-group-version-kind": {"group": "tenancy.kubicle.io", "version": "v1alpha1", "kind": "Workspace"},
                      "parameters": [{"name": "fieldValidation", "in": "query", "schema": {"type": "string", "uniqueItems": true}},
                        {"name": "fieldManager", "in": "query", "schema": {"type": "string", "uniqueItems": true}}],
                      "responses": {"200": {"description": "OK", "content": {"application/json": {"schema":
                        {"$ref": "#/components/schemas/io.kubicle.tenancy.v1alpha1.Workspace"}}}}}}}}""");
            return base.withDocument(PATH, paths, schemas);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
