package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Meta.ObjectMeta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Rbac;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The bytes kubectl 1.34 sent for {@code kubectl create configmap demo --from-literal=hello=engenho},
     * captured on the wire (published as a golden vector by another Kubernetes-compatible server).
     */
    static final byte[] KUBECTL_CREATE_CONFIGMAP = bytes(
        0x6b, 0x38, 0x73, 0x00,
        0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09, 0x43, 0x6f, 0x6e, 0x66, 0x69, 0x67, 0x4d, 0x61, 0x70,
        0x12, 0x28,
        0x0a, 0x14, 0x0a, 0x04, 0x64, 0x65, 0x6d, 0x6f, 0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00,
        0x32, 0x00, 0x38, 0x00, 0x42, 0x00,
        0x12, 0x10, 0x0a, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x12, 0x07, 0x65, 0x6e, 0x67, 0x65, 0x6e, 0x68, 0x6f,
        0x1a, 0x00, 0x22, 0x00);

    @Test
    void kubectlCreateConfigMapBytes() {
        assertJson("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"hello":"engenho"}}""",
            ProtobufBodies.decode(KUBECTL_CREATE_CONFIGMAP));
        // our envelope helper writes exactly what kubectl wrote, so the tests below send kubectl's form
        V1.ConfigMap cm = V1.ConfigMap.newBuilder().setMetadata(goMeta("demo")).putData("hello", "engenho").build();
        assertArrayEquals(KUBECTL_CREATE_CONFIGMAP, envelope("v1", "ConfigMap", cm));
    }

    @Test
    void configMapWithLabelsDataAndBinaryData() {
        V1.ConfigMap cm = V1.ConfigMap.newBuilder()
            .setMetadata(goMeta("app-config").setNamespace("team-a").putLabels("app", "web")
                .putAnnotations("note", ""))
            .putData("b.conf", "x=1").putData("a.conf", "")
            .putBinaryData("logo.png", ByteString.copyFrom(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
            .setImmutable(false)
            .build();
        assertJson("""
            {"apiVersion":"v1","kind":"ConfigMap",
             "metadata":{"name":"app-config","namespace":"team-a","labels":{"app":"web"},"annotations":{"note":""}},
             "immutable":false,
             "data":{"a.conf":"","b.conf":"x=1"},
             "binaryData":{"logo.png":"iVBORw=="}}""", decode("v1", "ConfigMap", cm));
    }

    @Test
    void helmReleaseSecretWithBytesAndType() {
        V1.Secret secret = V1.Secret.newBuilder()
            .setMetadata(goMeta("sh.helm.release.v1.web.v1").setNamespace("default")
                .putLabels("owner", "helm").putLabels("status", "deployed"))
            .putData("release", ByteString.copyFromUtf8("H4sI"))
            .putData("empty", ByteString.EMPTY)
            .setType("helm.sh/release.v1")
            .build();
        assertJson("""
            {"apiVersion":"v1","kind":"Secret",
             "metadata":{"name":"sh.helm.release.v1.web.v1","namespace":"default",
                         "labels":{"owner":"helm","status":"deployed"}},
             "data":{"empty":"","release":"SDRzSQ=="},"type":"helm.sh/release.v1"}""",
            decode("v1", "Secret", secret));
    }

    @Test
    void namespaceKeepsEmptyStructsAsJsonClientsSendThem() {
        V1.Namespace ns = V1.Namespace.newBuilder().setMetadata(goMeta("team-a"))
            .setSpec(V1.NamespaceSpec.getDefaultInstance())
            .setStatus(V1.NamespaceStatus.newBuilder().setPhase("")).build();
        assertJson("""
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},"spec":{},"status":{}}""",
            decode("v1", "Namespace", ns));
    }

    @Test
    void deploymentWithReplicasResourcesPortsMaxSurgeAndTimestamp() {
        V1.Container container = V1.Container.newBuilder().setName("web").setImage("nginx:1.27")
            .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setHostPort(0).setName("")
                .setProtocol("TCP").setHostIP(""))
            .setResources(V1.ResourceRequirements.newBuilder()
                .putLimits("memory", quantity("128Mi")).putRequests("cpu", quantity("250m")))
            .setTerminationMessagePath("").setImagePullPolicy("").setStdin(false).setTty(false)
            .build();
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
            .setMetadata(goMeta("web").putLabels("app", "web")
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1704164645L)))
            .setSpec(V1Apps.DeploymentSpec.newBuilder()
                .setReplicas(0)
                .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                .setTemplate(V1.PodTemplateSpec.newBuilder()
                    .setMetadata(goMeta("").putLabels("app", "web"))
                    .setSpec(V1.PodSpec.newBuilder().addContainers(container).setRestartPolicy("")
                        .setHostNetwork(false).setSchedulerName("")))
                .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                    .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                        .setMaxSurge(IntOrString.newBuilder().setType(1).setIntVal(0).setStrVal("25%"))
                        .setMaxUnavailable(IntOrString.newBuilder().setType(0).setIntVal(0).setStrVal(""))))
                .setMinReadySeconds(0).setPaused(false))
            .setStatus(V1Apps.DeploymentStatus.newBuilder().setObservedGeneration(0).setReplicas(0))
            .build();
        assertJson("""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","labels":{"app":"web"},"creationTimestamp":"2024-01-02T03:04:05Z"},
             "spec":{"replicas":0,
                     "selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},
                                 "spec":{"containers":[{"name":"web","image":"nginx:1.27",
                                         "ports":[{"containerPort":80,"protocol":"TCP"}],
                                         "resources":{"limits":{"memory":"128Mi"},"requests":{"cpu":"250m"}}}]}},
                     "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":"25%"}}},
             "status":{}}""", decode("apps/v1", "Deployment", deployment));
    }

    @Test
    void serviceWithNamedAndNumericTargetPorts() {
        V1.Service service = V1.Service.newBuilder().setMetadata(goMeta("web"))
            .setSpec(V1.ServiceSpec.newBuilder().setType("ClusterIP").setClusterIP("").putSelector("app", "web")
                .addPorts(V1.ServicePort.newBuilder().setName("http").setProtocol("TCP").setPort(80).setNodePort(0)
                    .setTargetPort(IntOrString.newBuilder().setType(1).setIntVal(0).setStrVal("http")))
                .addPorts(V1.ServicePort.newBuilder().setName("metrics").setProtocol("TCP").setPort(9090)
                    .setTargetPort(IntOrString.newBuilder().setType(0).setIntVal(9091).setStrVal(""))))
            .setStatus(V1.ServiceStatus.newBuilder().setLoadBalancer(V1.LoadBalancerStatus.getDefaultInstance()))
            .build();
        assertJson("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
             "spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":"http"},
                              {"name":"metrics","protocol":"TCP","port":9090,"targetPort":9091}],
                     "selector":{"app":"web"},"type":"ClusterIP"},
             "status":{"loadBalancer":{}}}""", decode("v1", "Service", service));
    }

    @Test
    void jobKeepsPointerZerosAndMergesInlineStructs() {
        V1.PodSpec pod = V1.PodSpec.newBuilder().setRestartPolicy("Never").setTerminationGracePeriodSeconds(0)
            .addContainers(V1.Container.newBuilder().setName("pi").setImage("perl")
                .addCommand("perl").addCommand("-e").addCommand("")
                .addEnv(V1.EnvVar.newBuilder().setName("MODE").setValue("").setValueFrom(V1.EnvVarSource.newBuilder()
                    .setConfigMapKeyRef(V1.ConfigMapKeySelector.newBuilder()
                        .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("settings"))
                        .setKey("mode").setOptional(false))))
                .setReadinessProbe(V1.Probe.newBuilder().setInitialDelaySeconds(5)
                    .setHandler(V1.ProbeHandler.newBuilder().setExec(V1.ExecAction.newBuilder().addCommand("true")))))
            .addVolumes(V1.Volume.newBuilder().setName("cfg").setVolumeSource(V1.VolumeSource.newBuilder()
                .setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                    .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("settings"))
                    .setDefaultMode(420))))
            .build();
        V1Batch.Job job = V1Batch.Job.newBuilder().setMetadata(goMeta("pi"))
            .setSpec(V1Batch.JobSpec.newBuilder().setBackoffLimit(0).setSuspend(false)
                .setTemplate(V1.PodTemplateSpec.newBuilder().setMetadata(goMeta("")).setSpec(pod)))
            .build();
        assertJson("""
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi"},
             "spec":{"backoffLimit":0,"suspend":false,
               "template":{"metadata":{},"spec":{
                 "volumes":[{"name":"cfg","configMap":{"name":"settings","defaultMode":420}}],
                 "containers":[{"name":"pi","image":"perl","command":["perl","-e",""],
                   "env":[{"name":"MODE","valueFrom":{"configMapKeyRef":
                            {"name":"settings","key":"mode","optional":false}}}],
                   "readinessProbe":{"exec":{"command":["true"]},"initialDelaySeconds":5}}],
                 "restartPolicy":"Never","terminationGracePeriodSeconds":0}}}}""", decode("batch/v1", "Job", job));
    }

    @Test
    void serviceAccountKeepsAutomountFalse() {
        V1.ServiceAccount sa = V1.ServiceAccount.newBuilder().setMetadata(goMeta("builder"))
            .setAutomountServiceAccountToken(false).build();
        assertJson("""
            {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"builder"},
             "automountServiceAccountToken":false}""", decode("v1", "ServiceAccount", sa));
    }

    @Test
    void roleBinding() {
        V1Rbac.RoleBinding binding = V1Rbac.RoleBinding.newBuilder().setMetadata(goMeta("read-pods"))
            .addSubjects(V1Rbac.Subject.newBuilder().setKind("ServiceAccount").setApiGroup("")
                .setName("builder").setNamespace("ci"))
            .addSubjects(V1Rbac.Subject.newBuilder().setKind("User").setApiGroup("rbac.authorization.k8s.io")
                .setName("alice").setNamespace(""))
            .setRoleRef(V1Rbac.RoleRef.newBuilder().setApiGroup("rbac.authorization.k8s.io").setKind("Role")
                .setName("pod-reader"))
            .build();
        assertJson("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"read-pods"},
             "subjects":[{"kind":"ServiceAccount","name":"builder","namespace":"ci"},
                         {"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"}],
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"}}""",
            decode("rbac.authorization.k8s.io/v1", "RoleBinding", binding));
    }

    @Test
    void selfSubjectAccessReviewFromAuthCanI() {
        V1Authorization.SelfSubjectAccessReview review = V1Authorization.SelfSubjectAccessReview.newBuilder()
            .setMetadata(goMeta(""))
            .setSpec(V1Authorization.SelfSubjectAccessReviewSpec.newBuilder()
                .setResourceAttributes(V1Authorization.ResourceAttributes.newBuilder().setNamespace("default")
                    .setVerb("create").setGroup("apps").setVersion("").setResource("deployments")
                    .setSubresource("").setName("")))
            .setStatus(V1Authorization.SubjectAccessReviewStatus.newBuilder().setAllowed(false).setDenied(false)
                .setReason("").setEvaluationError(""))
            .build();
        assertJson("""
            {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{},
             "spec":{"resourceAttributes":{"namespace":"default","verb":"create","group":"apps",
                                           "resource":"deployments"}},
             "status":{}}""", decode("authorization.k8s.io/v1", "SelfSubjectAccessReview", review));
    }

    @Test
    void subjectAccessReviewExtraValuesAreArrays() {
        V1Authorization.SubjectAccessReview review = V1Authorization.SubjectAccessReview.newBuilder()
            .setMetadata(goMeta(""))
            .setSpec(V1Authorization.SubjectAccessReviewSpec.newBuilder().setUser("alice").addGroups("dev")
                .putExtra("scopes", V1Authorization.ExtraValue.newBuilder().addItems("a").addItems("b").build())
                .setNonResourceAttributes(V1Authorization.NonResourceAttributes.newBuilder().setPath("/healthz")
                    .setVerb("get")))
            .build();
        assertJson("""
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","metadata":{},
             "spec":{"nonResourceAttributes":{"path":"/healthz","verb":"get"},"user":"alice","groups":["dev"],
                     "extra":{"scopes":["a","b"]}}}""",
            decode("authorization.k8s.io/v1", "SubjectAccessReview", review));
    }

    @Test
    void tokenRequestFromCreateToken() {
        V1Authentication.TokenRequest request = V1Authentication.TokenRequest.newBuilder()
            .setMetadata(goMeta(""))
            .setSpec(V1Authentication.TokenRequestSpec.newBuilder().addAudiences("https://kubicle")
                .setExpirationSeconds(3600))
            .setStatus(V1Authentication.TokenRequestStatus.newBuilder().setToken("")
                .setExpirationTimestamp(Meta.Time.getDefaultInstance()))
            .build();
        assertJson("""
            {"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","metadata":{},
             "spec":{"audiences":["https://kubicle"],"expirationSeconds":3600},"status":{}}""",
            decode("authentication.k8s.io/v1", "TokenRequest", request));
    }

    @Test
    void selfSubjectReviewFromAuthWhoami() {
        V1Authentication.SelfSubjectReview review = V1Authentication.SelfSubjectReview.newBuilder()
            .setMetadata(goMeta("")).setStatus(V1Authentication.SelfSubjectReviewStatus.newBuilder()
                .setUserInfo(V1Authentication.UserInfo.newBuilder().setUsername("").setUid("")))
            .build();
        assertJson("""
            {"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview","metadata":{},
             "status":{"userInfo":{}}}""", decode("authentication.k8s.io/v1", "SelfSubjectReview", review));
    }

    @Test
    void managedFieldsTimesAndOwnerReferences() {
        ObjectMeta.Builder meta = goMeta("cm").setDeletionGracePeriodSeconds(0)
            .addOwnerReferences(Meta.OwnerReference.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet")
                .setName("web-1").setUid("u-1").setController(true))
            .addManagedFields(Meta.ManagedFieldsEntry.newBuilder().setManager("kubectl").setOperation("Update")
                .setApiVersion("v1").setTime(Meta.Time.newBuilder().setSeconds(0)).setFieldsType("FieldsV1")
                .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(ByteString.copyFromUtf8("{\"f:data\":{}}"))));
        assertJson("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","deletionGracePeriodSeconds":0,
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","uid":"u-1",
                                 "controller":true}],
             "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1",
                               "time":"1970-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{}}}]}}""",
            decode("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(meta).build()));
    }

    @Test
    void leaseMicroTimesAndControllerRevisionRawExtension() {
        var lease = io.kubernetes.client.proto.V1Coordination.Lease.newBuilder().setMetadata(goMeta("leader"))
            .setSpec(io.kubernetes.client.proto.V1Coordination.LeaseSpec.newBuilder().setHolderIdentity("")
                .setRenewTime(Meta.MicroTime.newBuilder().setSeconds(1704164645L).setNanos(123456789)))
            .build();
        assertJson("""
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"leader"},
             "spec":{"holderIdentity":"","renewTime":"2024-01-02T03:04:05.123456Z"}}""",
            decode("coordination.k8s.io/v1", "Lease", lease));

        V1Apps.ControllerRevision revision = V1Apps.ControllerRevision.newBuilder().setMetadata(goMeta("r1"))
            .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{\"spec\":{\"x\":[1,2]}}")))
            .setRevision(3).build();
        assertJson("""
            {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"r1"},
             "data":{"spec":{"x":[1,2]}},"revision":3}""", decode("apps/v1", "ControllerRevision", revision));
    }

    @Test
    void deleteOptionsUnderAnyGroupVersion() {
        Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder().setPropagationPolicy("Background")
            .setGracePeriodSeconds(0).build();
        for (String apiVersion : new String[] {"v1", "apps/v1", "meta.k8s.io/v1"}) {
            assertJson("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"DeleteOptions\","
                + "\"gracePeriodSeconds\":0,\"propagationPolicy\":\"Background\"}",
                decode(apiVersion, "DeleteOptions", options));
        }
    }

    @Test
    void recognisesTheMediaType() {
        assertTrue(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf"));
        assertTrue(ProtobufBodies.isProtobuf("Application/VND.Kubernetes.Protobuf; charset=utf-8"));
        assertTrue(ProtobufBodies.isProtobuf(" application/vnd.kubernetes.protobuf ;stream=watch"));
        assertFalse(ProtobufBodies.isProtobuf("application/json"));
        assertFalse(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf+json"));
        assertFalse(ProtobufBodies.isProtobuf(null));
    }

    @Test
    void rejectsABodyWithoutTheMagic() {
        byte[] json = "{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8);
        assertMessage("does not start with the Kubernetes protobuf prefix", json);
        assertMessage("does not start with the Kubernetes protobuf prefix", new byte[] {'k', '8'});
    }

    @Test
    void rejectsTruncatedAndGarbageBodies() {
        byte[] truncated = Arrays.copyOf(KUBECTL_CREATE_CONFIGMAP, KUBECTL_CREATE_CONFIGMAP.length - 30);
        assertMessage("malformed protobuf envelope", truncated);
        assertMessage("malformed protobuf envelope", bytes(0x6b, 0x38, 0x73, 0x00, 0xff, 0xff, 0xff, 0xff));
        byte[] badRaw = envelope("v1", "ConfigMap", ByteString.copyFrom(bytes(0x0a, 0x14, 0x0a, 0x04, 'd')));
        assertMessage("malformed protobuf v1 ConfigMap", badRaw);
        assertMessage("names no apiVersion and kind", bytes(0x6b, 0x38, 0x73, 0x00));
    }

    @Test
    void rejectsEnvelopesNestedTooDeep() {
        byte[] body = envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(goMeta("x")).build());
        for (int i = 0; i < 6; i++) {
            body = envelope("v1", "List", V1.List.newBuilder()
                .addItems(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(body))).build());
        }
        assertMessage("nested more than 4 deep", body);
    }

    @Test
    void rejectsKindsWithoutADecoder() {
        ByteString raw = ByteString.EMPTY;
        assertMessage("no protobuf decoder for v1 Frobnicator; send JSON instead", envelope("v1", "Frobnicator", raw));
        assertMessage("no protobuf decoder for example.com/v1 Widget; send JSON instead",
            envelope("example.com/v1", "Widget", raw));
        assertMessage("no protobuf decoder for v1 PodSpec; send JSON instead", envelope("v1", "PodSpec", raw));
    }

    // --- helpers ---

    /** ObjectMeta as client-go's protobuf marshaller writes it: every non-pointer field, zero or not. */
    static ObjectMeta.Builder goMeta(String name) {
        return ObjectMeta.newBuilder().setName(name).setGenerateName("").setNamespace("").setSelfLink("")
            .setUid("").setResourceVersion("").setGeneration(0).setCreationTimestamp(Meta.Time.getDefaultInstance());
    }

    static Quantity quantity(String s) {
        return Quantity.newBuilder().setString(s).build();
    }

    static JsonNode decode(String apiVersion, String kind, Message object) {
        return ProtobufBodies.decode(envelope(apiVersion, kind, object));
    }

    /** magic + runtime.Unknown{typeMeta, raw, contentEncoding, contentType}, as client-go writes it. */
    static byte[] envelope(String apiVersion, String kind, Message object) {
        return envelope(apiVersion, kind, object.toByteString());
    }

    static byte[] envelope(String apiVersion, String kind, ByteString raw) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
            .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
            .setRaw(raw).setContentEncoding("").setContentType("").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static void assertJson(String expected, JsonNode actual) {
        try {
            assertEquals(MAPPER.readTree(expected), actual);
        } catch (java.io.IOException e) {
            throw new AssertionError("bad expected JSON in test", e);
        }
    }

    static void assertMessage(String expected, byte[] body) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtobufBodies.decode(body));
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }
}
