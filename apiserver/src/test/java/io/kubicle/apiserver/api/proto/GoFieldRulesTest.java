package io.kubicle.apiserver.api.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hand-kept tables must name real fields, or a typo would silently drop a pointer's zero value. */
class GoFieldRulesTest {
    private static Map<String, FieldDescriptor> allFields() {
        Map<String, FieldDescriptor> fields = new HashMap<>();
        List<Descriptor> todo = new ArrayList<>(KindRegistry.instance().messages().values());
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Descriptor d = todo.remove(todo.size() - 1);
            if (!seen.add(d.getFullName())) {
                continue;
            }
            todo.addAll(d.getNestedTypes());
            for (FieldDescriptor f : d.getFields()) {
                fields.put(GoFieldRules.key(f), f);
                if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    todo.add(f.getMessageType()); // reaches meta, intstr, resource, runtime
                }
            }
        }
        return fields;
    }

    @Test
    void everyPointerIsARealSingularScalarField() {
        Map<String, FieldDescriptor> fields = allFields();
        List<String> wrong = new ArrayList<>();
        for (String key : GoFieldRules.pointerKeys()) {
            FieldDescriptor f = fields.get(key);
            if (f == null || f.isRepeated() || f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                wrong.add(key);
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(GoFieldRules.pointerKeys().size() > 150);
    }

    @Test
    void everyInlineIsARealSingularMessageField() {
        Map<String, FieldDescriptor> fields = allFields();
        List<String> wrong = new ArrayList<>();
        for (String key : GoFieldRules.inlineKeys()) {
            FieldDescriptor f = fields.get(key);
            if (f == null || f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                wrong.add(key);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyRenameIsARealFieldAndNoOddProtoNameIsLeftOut() {
        Map<String, FieldDescriptor> fields = allFields();
        List<String> wrong = new ArrayList<>();
        for (String key : GoFieldRules.renameKeys()) {
            if (!fields.containsKey(key)) {
                wrong.add("no field " + key);
            }
        }
        // go-to-protobuf names fields after their JSON names; names like "aPIGroup" or "Webhooks" are
        // older protobuf names whose JSON name differs. Those whose JSON name is the proto name:
        Set<String> sameInJson = Set.of("k8s.io.api.core.DaemonEndpoint.Port",
            "k8s.io.apimachinery.pkg.apis.meta.FieldsV1.Raw",
            "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.JSONSchemaPropsOrArray.jSONSchemas");
        for (Map.Entry<String, FieldDescriptor> e : fields.entrySet()) {
            String name = e.getValue().getName();
            boolean odd = name.matches("[A-Z].*|[a-z][A-Z].*|.*_.*");
            if (odd && !sameInJson.contains(e.getKey()) && !GoFieldRules.renameKeys().contains(e.getKey())) {
                wrong.add("unexplained proto name " + e.getKey());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void rulesOfSomeFields() {
        Map<String, FieldDescriptor> fields = allFields();
        GoFieldRules.Rule replicas = GoFieldRules.of(fields.get("k8s.io.api.apps.DeploymentSpec.replicas"));
        assertEquals(new GoFieldRules.Rule("replicas", true, false), replicas);
        GoFieldRules.Rule minReady = GoFieldRules.of(fields.get("k8s.io.api.apps.DeploymentSpec.minReadySeconds"));
        assertFalse(minReady.pointer());
        assertTrue(GoFieldRules.of(fields.get("k8s.io.api.core.Volume.volumeSource")).inline());
        assertEquals("$ref", GoFieldRules.of(fields.get(
            "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.JSONSchemaProps.ref")).jsonName());
        assertEquals(new GoFieldRules.Rule("apiGroup", true, false), GoFieldRules.of(fields.get(
            "k8s.io.api.networking.IngressClassParametersReference.aPIGroup")));
    }
}
