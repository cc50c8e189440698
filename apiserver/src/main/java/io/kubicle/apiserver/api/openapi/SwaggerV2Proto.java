package io.kubicle.apiserver.api.openapi;

import static io.kubicle.apiserver.api.openapi.SwaggerV2ProtoSchema.any;
import static io.kubicle.apiserver.api.openapi.SwaggerV2ProtoSchema.externalDocs;
import static io.kubicle.apiserver.api.openapi.SwaggerV2ProtoSchema.namedSchemas;
import static io.kubicle.apiserver.api.openapi.SwaggerV2ProtoSchema.text;
import static io.kubicle.apiserver.api.openapi.SwaggerV2ProtoSchema.vendorExtensions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 document (JSON tree) as gnostic's {@code openapi.v2.Document}, the protobuf
 * that kube-apiserver serves at {@code /openapi/v2} for
 * {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf} and that client-go's
 * discovery client {@code proto.Unmarshal}s. Field numbers are those of google/gnostic-models
 * openapiv2/OpenAPIv2.proto. Members the proto has no field for are left out, as gnostic does.
 */
public final class SwaggerV2Proto {
    /** The media type kube-apiserver answers with (and clients ask for). */
    public static final String MEDIA_TYPE = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch");

    private SwaggerV2Proto() {
    }

    /** The encoded {@code Document}. */
    public static byte[] encode(JsonNode doc) {
        return SwaggerV2ProtoWriter.encode(w -> document(w, doc));
    }

    private static void document(SwaggerV2ProtoWriter w, JsonNode doc) {
        w.string(1, text(doc, "swagger"));
        JsonNode info = doc.get("info");
        if (info != null && info.isObject()) {
            w.message(2, i -> {
                i.string(1, text(info, "title"));
                i.string(2, text(info, "version"));
                i.string(3, text(info, "description"));
                i.string(4, text(info, "termsOfService"));
                vendorExtensions(i, 7, info);
            });
        }
        w.string(3, text(doc, "host"));
        w.string(4, text(doc, "basePath"));
        strings(w, 5, doc.get("schemes"));
        strings(w, 6, doc.get("consumes"));
        strings(w, 7, doc.get("produces"));
        JsonNode paths = doc.get("paths");
        if (paths != null && paths.isObject()) {
            w.message(8, p -> {
                vendorExtensions(p, 1, paths);
                forEachField(paths, (name, item) -> {
                    if (!name.startsWith("x-")) {
                        p.message(2, named -> {
                            named.string(1, name);
                            named.message(2, v -> pathItem(v, item));
                        });
                    }
                });
            });
        }
        JsonNode definitions = doc.get("definitions");
        if (definitions != null && definitions.isObject()) {
            w.message(9, d -> namedSchemas(d, 1, definitions));
        }
        doc.path("security").forEach(requirement -> w.message(12, r -> securityRequirement(r, requirement)));
        JsonNode securityDefinitions = doc.get("securityDefinitions");
        if (securityDefinitions != null && securityDefinitions.isObject()) {
            w.message(13, d -> forEachField(securityDefinitions, (name, scheme) -> d.message(1, named -> {
                named.string(1, name);
                named.message(2, item -> securityScheme(item, scheme));
            })));
        }
        doc.path("tags").forEach(tag -> w.message(14, t -> {
            t.string(1, text(tag, "name"));
            t.string(2, text(tag, "description"));
            externalDocs(t, 3, tag.get("externalDocs"));
            vendorExtensions(t, 4, tag);
        }));
        externalDocs(w, 15, doc.get("externalDocs"));
        vendorExtensions(w, 16, doc);
    }

    private static void pathItem(SwaggerV2ProtoWriter w, JsonNode item) {
        w.string(1, text(item, "$ref"));
        for (int i = 0; i < METHODS.size(); i++) {
            JsonNode op = item.get(METHODS.get(i));
            if (op != null && op.isObject()) {
                w.message(2 + i, o -> operation(o, op));
            }
        }
        item.path("parameters").forEach(param -> w.message(9, p -> parametersItem(p, param)));
        vendorExtensions(w, 10, item);
    }

    private static void operation(SwaggerV2ProtoWriter w, JsonNode op) {
        strings(w, 1, op.get("tags"));
        w.string(2, text(op, "summary"));
        w.string(3, text(op, "description"));
        externalDocs(w, 4, op.get("externalDocs"));
        w.string(5, text(op, "operationId"));
        strings(w, 6, op.get("produces"));
        strings(w, 7, op.get("consumes"));
        op.path("parameters").forEach(param -> w.message(8, p -> parametersItem(p, param)));
        JsonNode responses = op.get("responses");
        if (responses != null && responses.isObject()) {
            w.message(9, r -> responses(r, responses));
        }
        strings(w, 10, op.get("schemes"));
        w.bool(11, op.path("deprecated").asBoolean());
        op.path("security").forEach(requirement -> w.message(12, r -> securityRequirement(r, requirement)));
        vendorExtensions(w, 13, op);
    }

    /** {@code ParametersItem}: a JsonReference (2) or a Parameter (1), body (1) or not (2). */
    private static void parametersItem(SwaggerV2ProtoWriter w, JsonNode param) {
        if (param.has("$ref")) {
            w.message(2, ref -> {
                ref.string(1, text(param, "$ref"));
                ref.string(2, text(param, "description"));
            });
            return;
        }
        String in = text(param, "in");
        w.message(1, p -> {
            if (in.equals("body")) {
                p.message(1, body -> {
                    body.string(1, text(param, "description"));
                    body.string(2, text(param, "name"));
                    body.string(3, in);
                    body.bool(4, param.path("required").asBoolean());
                    JsonNode schema = param.get("schema");
                    if (schema != null && schema.isObject()) {
                        body.message(5, s -> SwaggerV2ProtoSchema.schema(s, schema));
                    }
                    vendorExtensions(body, 6, param);
                });
                return;
            }
            // NonBodyParameter's oneof: header 1, formData 2, query 3, path 4.
            int member = switch (in) {
                case "header" -> 1;
                case "formData" -> 2;
                case "path" -> 4;
                default -> 3;
            };
            p.message(2, nonBody -> nonBody.message(member, sub -> {
                sub.bool(1, param.path("required").asBoolean());
                sub.string(2, in);
                sub.string(3, text(param, "description"));
                sub.string(4, text(param, "name"));
                boolean queryLike = member == 2 || member == 3;
                if (queryLike) {
                    sub.bool(5, param.path("allowEmptyValue").asBoolean());
                }
                primitive(sub, queryLike ? 6 : 5, param);
            }));
        });
    }

    /**
     * The fields shared, in the same order, by the non-body parameter kinds and {@code PrimitivesItems}:
     * type at {@code first}, then format, items, collectionFormat, default, maximum, ... vendor extensions.
     */
    private static void primitive(SwaggerV2ProtoWriter w, int first, JsonNode s) {
        w.string(first, text(s, "type"));
        w.string(first + 1, text(s, "format"));
        JsonNode items = s.get("items");
        if (items != null && items.isObject()) {
            w.message(first + 2, sub -> primitive(sub, 1, items));
        }
        w.string(first + 3, text(s, "collectionFormat"));
        any(w, first + 4, s.get("default"));
        w.dbl(first + 5, s.path("maximum").asDouble());
        w.bool(first + 6, s.path("exclusiveMaximum").asBoolean());
        w.dbl(first + 7, s.path("minimum").asDouble());
        w.bool(first + 8, s.path("exclusiveMinimum").asBoolean());
        w.int64(first + 9, s.path("maxLength").asLong());
        w.int64(first + 10, s.path("minLength").asLong());
        w.string(first + 11, text(s, "pattern"));
        w.int64(first + 12, s.path("maxItems").asLong());
        w.int64(first + 13, s.path("minItems").asLong());
        w.bool(first + 14, s.path("uniqueItems").asBoolean());
        s.path("enum").forEach(value -> any(w, first + 15, value));
        w.dbl(first + 16, s.path("multipleOf").asDouble());
        vendorExtensions(w, first + 17, s);
    }

    private static void responses(SwaggerV2ProtoWriter w, JsonNode responses) {
        forEachField(responses, (code, response) -> {
            if (code.startsWith("x-")) {
                return;
            }
            w.message(1, named -> {
                named.string(1, code);
                named.message(2, value -> {
                    if (response.has("$ref")) {
                        value.message(2, ref -> ref.string(1, text(response, "$ref")));
                    } else {
                        value.message(1, r -> response(r, response));
                    }
                });
            });
        });
        vendorExtensions(w, 2, responses);
    }

    private static void response(SwaggerV2ProtoWriter w, JsonNode response) {
        w.string(1, text(response, "description"));
        JsonNode schema = response.get("schema");
        if (schema != null && schema.isObject()) {
            w.message(2, item -> item.message(1, s -> SwaggerV2ProtoSchema.schema(s, schema)));
        }
        vendorExtensions(w, 5, response);
    }

    /** {@code SecurityRequirement}: repeated NamedStringArray (name 1, StringArray value 2). */
    private static void securityRequirement(SwaggerV2ProtoWriter w, JsonNode requirement) {
        forEachField(requirement, (name, scopes) -> w.message(1, named -> {
            named.string(1, name);
            named.message(2, array -> strings(array, 1, scopes));
        }));
    }

    /** {@code SecurityDefinitionsItem}: basic (1) or apiKey (2); the OAuth2 flows are not used by Kubernetes. */
    private static void securityScheme(SwaggerV2ProtoWriter w, JsonNode scheme) {
        String type = text(scheme, "type");
        if (type.equals("basic")) {
            w.message(1, b -> {
                b.string(1, type);
                b.string(2, text(scheme, "description"));
                vendorExtensions(b, 3, scheme);
            });
        } else if (type.equals("apiKey")) {
            w.message(2, k -> {
                k.string(1, type);
                k.string(2, text(scheme, "name"));
                k.string(3, text(scheme, "in"));
                k.string(4, text(scheme, "description"));
                vendorExtensions(k, 5, scheme);
            });
        }
    }

    private static void strings(SwaggerV2ProtoWriter w, int field, JsonNode values) {
        if (values != null) {
            values.forEach(v -> w.element(field, v.asText()));
        }
    }

    private interface FieldAction {
        void accept(String name, JsonNode value);
    }

    private static void forEachField(JsonNode node, FieldAction action) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            action.accept(e.getKey(), e.getValue());
        }
    }
}
