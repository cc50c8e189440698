package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.NOW;
import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindStrategyLookupTest {
    private static final List<String[]> KINDS = List.of(
            new String[] {"", "Pod"}, new String[] {"", "Service"}, new String[] {"", "Namespace"},
            new String[] {"", "ConfigMap"}, new String[] {"", "Secret"}, new String[] {"", "ServiceAccount"},
            new String[] {"", "Event"}, new String[] {"", "Node"}, new String[] {"", "PersistentVolumeClaim"},
            new String[] {"", "PersistentVolume"}, new String[] {"", "Endpoints"}, new String[] {"", "ReplicationController"},
            new String[] {"apps", "Deployment"}, new String[] {"apps", "ReplicaSet"}, new String[] {"apps", "StatefulSet"},
            new String[] {"apps", "DaemonSet"}, new String[] {"batch", "Job"}, new String[] {"batch", "CronJob"},
            new String[] {"networking.k8s.io", "Ingress"}, new String[] {"rbac.authorization.k8s.io", "Role"},
            new String[] {"rbac.authorization.k8s.io", "ClusterRole"}, new String[] {"rbac.authorization.k8s.io", "RoleBinding"},
            new String[] {"rbac.authorization.k8s.io", "ClusterRoleBinding"},
            new String[] {"autoscaling", "HorizontalPodAutoscaler"}, new String[] {"policy", "PodDisruptionBudget"},
            new String[] {"coordination.k8s.io", "Lease"}, new String[] {"scheduling.k8s.io", "PriorityClass"},
            new String[] {"storage.k8s.io", "StorageClass"}, new String[] {"apiextensions.k8s.io", "CustomResourceDefinition"});

    @Test
    void everyBuiltinHasItsOwnStrategy() {
        for (String[] k : KINDS) {
            assertNotSame(DefaultStrategy.INSTANCE, KindStrategies.forKind(k[0], k[1]), k[0] + "/" + k[1]);
        }
        assertInstanceOf(PodStrategy.class, KindStrategies.forKind(null, "Pod"));
        assertSame(DefaultStrategy.INSTANCE, KindStrategies.forKind("apps", "Pod"));
        assertSame(DefaultStrategy.INSTANCE, KindStrategies.forKind("example.com", "Widget"));
    }

    @Test
    void defaultStrategyPrintsNameAndAge() {
        KindStrategy s = KindStrategies.forKind("example.com", "Widget");
        assertEquals(List.of("Name", "Age"), s.columns().stream().map(TableColumn::name).toList());
        assertEquals(List.of("w1", "10d"),
                s.cells(json("{\"metadata\":{\"name\":\"w1\",\"creationTimestamp\":\"2025-05-22T12:00:00Z\"}}"), NOW));
        assertTrue(s.validate(json("{}"), null).isEmpty());
        assertNull(s.fieldValue(json("{}"), "spec.x"));
        assertNull(s.scale());
    }

    /** Sparse and empty objects never throw, always fill every column and validate without errors thrown. */
    @Test
    void cellsMatchColumnsForEmptyAndDefaultedObjects() {
        for (String[] k : KINDS) {
            KindStrategy s = KindStrategies.forKind(k[0], k[1]);
            ObjectNode empty = json("{\"metadata\":{\"name\":\"x\"}}");
            assertEquals(s.columns().size(), s.cells(empty, NOW).size(), k[1]);
            s.applyDefaults(empty);
            assertEquals(s.columns().size(), s.cells(empty, NOW).size(), k[1]);
            s.validate(empty, null);
            s.validate(empty, empty.deepCopy());
            for (Object cell : s.cells(empty, NOW)) {
                assertTrue(cell instanceof String || cell instanceof Long || cell instanceof Boolean,
                        k[1] + " cell " + cell);
            }
            for (TableColumn c : s.columns()) {
                assertTrue(List.of("string", "integer", "boolean", "date").contains(c.type()), k[1] + " " + c);
                assertTrue(!c.description().isEmpty(), k[1] + " " + c.name());
            }
        }
    }

    @Test
    void scalePathsOfScalableKinds() {
        for (String kind : List.of("Deployment", "ReplicaSet", "StatefulSet")) {
            assertEquals(new KindStrategy.ScalePaths("/spec/replicas", "/status/replicas", "/spec/selector"),
                    KindStrategies.forKind("apps", kind).scale());
        }
        assertEquals("/status/replicas", KindStrategies.forKind("", "ReplicationController").scale().statusReplicas());
        assertNull(KindStrategies.forKind("apps", "DaemonSet").scale());
        assertEquals("app=web,tier notin (db)", LabelSelectors.asString(json("""
                {"matchExpressions":[{"key":"tier","operator":"NotIn","values":["db"]}],"matchLabels":{"app":"web"}}""")));
        assertEquals("<none>", LabelSelectors.format(json("{}")));
        assertEquals("<error>", LabelSelectors.format(json("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}")));
    }
}
