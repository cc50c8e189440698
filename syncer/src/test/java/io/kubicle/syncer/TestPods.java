package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Tenant-side objects as the tenant's server returns them (server-set metadata included). */
final class TestPods {
    private TestPods() {
    }

    static Pod gpuPod() {
        return Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"train","namespace":"ml","uid":"u-1",
                  "resourceVersion":"42","creationTimestamp":"2026-01-01T00:00:00Z","generation":1,
                  "labels":{"app":"train","kubicle.io/workspace":"forged"},
                  "annotations":{"note":"x","kubectl.kubernetes.io/last-applied-configuration":"{}"},
                  "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"j","uid":"u-j"}],
                  "finalizers":["example.com/f"],
                  "managedFields":[{"manager":"kubectl","operation":"Apply"}]},
                 "spec":{"serviceAccountName":"trainer","priority":7,"nodeSelector":{"gpu":"tenant-choice","zone":"a"},
                  "tolerations":[{"key":"t","operator":"Exists"}],
                  "containers":[{"name":"c","image":"cuda","resources":{"limits":{"nvidia.com/gpu":"2","example.com/fpga":"1"}},
                    "envFrom":[{"configMapRef":{"name":"cfg"}}],
                    "env":[{"name":"K","valueFrom":{"secretKeyRef":{"name":"creds","key":"k"}}}],
                    "volumeMounts":[{"name":"data","mountPath":"/d"},{"name":"kube-api-access-abcde","mountPath":"/var/run/secrets"}]}],
                  "imagePullSecrets":[{"name":"pull"}],
                  "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"ds"}},
                    {"name":"p","projected":{"sources":[{"configMap":{"name":"extra"}},{"secret":{"name":"tls"}}]}},
                    {"name":"kube-api-access-abcde","projected":{"sources":[{"serviceAccountToken":{"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}}]}}]},
                 "status":{"phase":"Pending"}}""", Pod.class);
    }

    static GenericKubernetesResource workspace(String specJson) {
        return Serialization.unmarshal("{\"apiVersion\":\"tenancy.kubicle.io/v1alpha1\",\"kind\":\"Workspace\","
                + "\"metadata\":{\"name\":\"team-a\"},\"spec\":" + specJson + "}", GenericKubernetesResource.class);
    }
}
