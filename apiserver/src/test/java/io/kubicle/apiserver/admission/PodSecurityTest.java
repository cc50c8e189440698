package io.kubicle.apiserver.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.api.Json;
import org.junit.jupiter.api.Test;

class PodSecurityTest {
    private static ObjectNode pod(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String RESTRICTED_OK = """
            {"metadata":{"name":"ok"},"spec":{"securityContext":{"runAsNonRoot":true,
             "seccompProfile":{"type":"RuntimeDefault"}},
             "containers":[{"name":"c","image":"i","securityContext":{"allowPrivilegeEscalation":false,
             "capabilities":{"drop":["ALL"],"add":["NET_BIND_SERVICE"]}}}],
             "volumes":[{"name":"cfg","configMap":{"name":"x"}},{"name":"tmp","emptyDir":{}}]}}""";

    @Test
    void privilegedPodAndHostPathAreRefusedAtBaselineWithKubesWords() {
        ApiError e = PodSecurity.checkPod(PodSecurityLevel.BASELINE, pod("""
                {"metadata":{"name":"x"},"spec":{"containers":[{"name":"c","image":"i",
                 "securityContext":{"privileged":true}}],"volumes":[{"name":"v","hostPath":{"path":"/"}}]}}"""));
        assertEquals(403, e.code());
        assertEquals("pods \"x\" is forbidden: violates PodSecurity \"baseline:latest\": privileged (container \"c\" must"
                + " not set securityContext.privileged=true), hostPath volumes (volume \"v\")", e.getMessage());
    }

    @Test
    void privilegedLevelAllowsEverything() {
        assertNull(PodSecurity.checkPod(PodSecurityLevel.PRIVILEGED, pod("""
                {"metadata":{"name":"x"},"spec":{"hostNetwork":true,"containers":[{"name":"c",
                 "securityContext":{"privileged":true}}]}}""")));
    }

    @Test
    void baselineAllowsAPlainPodAndRestrictedAllowsAHardenedOne() {
        assertNull(PodSecurity.checkPod(PodSecurityLevel.BASELINE, pod("""
                {"metadata":{"name":"x"},"spec":{"containers":[{"name":"c","image":"i"}]}}""")));
        assertNull(PodSecurity.checkPod(PodSecurityLevel.RESTRICTED, pod(RESTRICTED_OK)));
    }

    @Test
    void restrictedListsEveryFailureInKubesOrder() {
        ApiError e = PodSecurity.checkPod(PodSecurityLevel.RESTRICTED, pod("""
                {"metadata":{"name":"p"},"spec":{"hostNetwork":true,"hostPID":true,"containers":[{"name":"container-00",
                 "securityContext":{"privileged":true,"runAsUser":0}}],"volumes":[{"name":"host","hostPath":{"path":"/"}}]}}"""));
        assertEquals("pods \"p\" is forbidden: violates PodSecurity \"restricted:latest\": host namespaces (hostNetwork=true,"
                + " hostPID=true), privileged (container \"container-00\" must not set securityContext.privileged=true),"
                + " allowPrivilegeEscalation != false (container \"container-00\" must set"
                + " securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"container-00\""
                + " must set securityContext.capabilities.drop=[\"ALL\"]), restricted volume types (volume \"host\" uses"
                + " restricted volume type \"hostPath\"), runAsNonRoot != true (pod or container \"container-00\" must set"
                + " securityContext.runAsNonRoot=true), runAsUser=0 (container \"container-00\" must not set runAsUser=0),"
                + " seccompProfile (pod or container \"container-00\" must set securityContext.seccompProfile.type to"
                + " \"RuntimeDefault\" or \"Localhost\")", e.getMessage());
    }

    @Test
    void baselineDetailsForCapabilitiesPortsSysctlsProcMountSeLinuxSeccompAndAppArmor() {
        var violations = PodSecurity.evaluate(PodSecurityLevel.BASELINE, pod("""
                {"annotations":{"container.apparmor.security.beta.kubernetes.io/a":"unconfined"}}"""), pod("""
                {"securityContext":{"sysctls":[{"name":"kernel.msgmax"},{"name":"net.ipv4.tcp_syncookies"}],
                  "seccompProfile":{"type":"Unconfined"},"seLinuxOptions":{"type":"spc_t","user":"u"}},
                 "containers":[{"name":"a","ports":[{"containerPort":80,"hostPort":8080},{"containerPort":81,"hostPort":443}],
                   "securityContext":{"capabilities":{"add":["NET_ADMIN","CHOWN","SYS_TIME"]},"procMount":"Unmasked"}},
                  {"name":"b","ports":[{"containerPort":1,"hostPort":9}],"livenessProbe":{"httpGet":{"host":"1.2.3.4","port":1}}}]}"""));
        assertEquals(java.util.List.of(
                "forbidden AppArmor profile (annotations must not set AppArmor profile type to"
                        + " \"container.apparmor.security.beta.kubernetes.io/a=\"unconfined\"\")",
                "hostPort (containers \"a\", \"b\" use hostPorts 443, 8080, 9)",
                "probe or lifecycle host (container \"b\" uses probe or lifecycle host \"1.2.3.4\")",
                "procMount (container \"a\" must not set securityContext.procMount to \"Unmasked\")",
                "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"spc_t\"; user may not be set)",
                "forbidden sysctls (kernel.msgmax)",
                "non-default capabilities (container \"a\" must not include \"NET_ADMIN\", \"SYS_TIME\" in"
                        + " securityContext.capabilities.add)",
                "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")"),
                violations.stream().map(Object::toString).toList());
    }

    @Test
    void unconfinedAppArmorProfileFieldsAreRefused() {
        var violations = PodSecurity.evaluate(PodSecurityLevel.BASELINE, null, pod("""
                {"securityContext":{"appArmorProfile":{"type":"RuntimeDefault"}},
                 "containers":[{"name":"foo","securityContext":{"appArmorProfile":{"type":"Unconfined"}}}]}"""));
        assertEquals(java.util.List.of("forbidden AppArmor profile (container \"foo\" must not set AppArmor profile type to"
                + " \"Unconfined\")"), violations.stream().map(Object::toString).toList());
    }

    @Test
    void restrictedCapabilitiesAndExplicitRunAsNonRootFalse() {
        var violations = PodSecurity.evaluate(PodSecurityLevel.RESTRICTED, null, pod("""
                {"securityContext":{"runAsNonRoot":false,"seccompProfile":{"type":"RuntimeDefault"}},
                 "initContainers":[{"name":"i","securityContext":{"allowPrivilegeEscalation":false,
                   "capabilities":{"drop":["ALL"],"add":["SYS_ADMIN"]}}}],
                 "containers":[{"name":"c","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"add":["CHOWN"]}}}]}"""));
        assertEquals(java.util.List.of(
                "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]; containers"
                        + " \"i\", \"c\" must not include \"CHOWN\", \"SYS_ADMIN\" in securityContext.capabilities.add)",
                "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)"),
                violations.stream().map(Object::toString).toList());
    }

    @Test
    void userNamespacedPodsAreExemptFromTheRootChecks() {
        var violations = PodSecurity.evaluate(PodSecurityLevel.RESTRICTED, null, pod("""
                {"hostUsers":false,"securityContext":{"seccompProfile":{"type":"RuntimeDefault"}},
                 "containers":[{"name":"c","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}"""));
        assertTrue(violations.isEmpty(), violations.toString());
    }

    @Test
    void workloadTemplatesOnlyWarn() {
        String warning = PodSecurity.warnTemplate(PodSecurityLevel.BASELINE, "apps", "Deployment", pod("""
                {"metadata":{"name":"d"},"spec":{"template":{"spec":{"hostPID":true,"containers":[{"name":"c"}]}}}}"""));
        assertEquals("would violate PodSecurity \"baseline:latest\": host namespaces (hostPID=true)", warning);
        assertNull(PodSecurity.warnTemplate(PodSecurityLevel.BASELINE, "", "ConfigMap", pod("{}")));
        assertTrue(PodSecurity.warnTemplate(PodSecurityLevel.RESTRICTED, "batch", "CronJob", pod("""
                {"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"c"}]}}}}}}""")).contains("runAsNonRoot"));
    }

    @Test
    void theStricterOfWorkspaceAndNamespaceLevelWins() {
        assertEquals(PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE.stricter(PodSecurityLevel.RESTRICTED));
        assertEquals(PodSecurityLevel.BASELINE, PodSecurityLevel.BASELINE.stricter(PodSecurityLevel.PRIVILEGED));
        assertEquals(PodSecurityLevel.BASELINE, PodSecurityLevel.BASELINE.stricter(PodSecurityLevel.parse("nonsense")));
    }
}
