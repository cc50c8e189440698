package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates that kube-apiserver refuses are refused here too, with its words as kubectl prints them:
 * a bound pod's node, a Deployment's selector, a Job's template, a Service's cluster IP, a binding's role.
 */
@ExtendWith(SharedKubicle.class)
class UpdateValidationIT {
    @TempDir
    static Path dir;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        kubectl = new Kubectl(SharedKubicle.provision("updates"), dir.resolve("cache"));
    }

    private static String refused(Kubectl.Result result) {
        assertNotEquals(0, result.exitCode(), result.stdout());
        return result.stderr();
    }

    @Test
    void aBoundPodKeepsItsNodeButTakesANewImage() {
        kubectl.run("run", "web", "--image=nginx:1.27").ok();
        kubectl.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"web\"},"
                + "\"target\":{\"name\":\"n1\"}}", "create", "--raw", "/api/v1/namespaces/default/pods/web/binding", "-f", "-").ok();

        String err = refused(kubectl.run("patch", "pod", "web", "-p", "{\"spec\":{\"nodeName\":\"n2\"}}"));
        assertTrue(err.contains("The Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than"
                + " `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`"), err);
        assertTrue(err.contains("NodeName: \"n2\""), err);
        assertEquals("n1", kubectl.run("get", "pod", "web", "-o", "jsonpath={.spec.nodeName}").ok().stdout());

        refused(kubectl.run("patch", "pod", "web", "--type=json", "-p",
                "[{\"op\":\"add\",\"path\":\"/spec/containers/0/command\",\"value\":[\"sleep\",\"1\"]}]"));
        kubectl.run("set", "image", "pod/web", "web=nginx:1.28").ok();
        assertEquals("nginx:1.28", kubectl.run("get", "pod", "web", "-o", "jsonpath={.spec.containers[0].image}").ok().stdout());
    }

    @Test
    void aDeploymentKeepsItsSelector() {
        kubectl.run("create", "deployment", "api", "--image=nginx:1.27").ok();
        String err = refused(kubectl.run("patch", "deployment", "api", "-p",
                "{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"other\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"other\"}}}}}"));
        assertTrue(err.contains("The Deployment \"api\" is invalid: spec.selector: Invalid value: &LabelSelector{MatchLabels:"
                + "map[string]string{app: other,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable"), err);
        kubectl.run("set", "image", "deployment/api", "nginx=nginx:1.28").ok();
        kubectl.run("scale", "deployment", "api", "--replicas=2").ok();
    }

    @Test
    void aJobKeepsItsTemplate() {
        kubectl.run("create", "job", "pi", "--image=perl:5.34").ok();
        String json = kubectl.run("get", "job", "pi", "-o", "json").ok().stdout().replaceAll("\"resourceVersion\": \"\\d+\",", "");
        assertTrue(json.contains("\"image\": \"perl:5.34\""), json);
        String err = refused(replace(json.replace("\"image\": \"perl:5.34\"", "\"image\": \"perl:5.36\"")));
        assertTrue(err.contains("The Job \"pi\" is invalid: spec.template: Invalid value: ") && err.contains(": field is immutable"), err);
        replace(json).ok(); // the same Job again is fine
    }

    /**
     * kubectl replace of an object without a resourceVersion reads the current one first and sends that (kubectl's
     * resource helper does, to overwrite), so a job controller's status write in between is a 409, as with kube: a user
     * tries again.
     */
    private static Kubectl.Result replace(String json) {
        Kubectl.Result result = kubectl.runWithInput(json, "replace", "-f", "-");
        for (int i = 0; i < 5 && result.stderr().contains("(Conflict)"); i++) {
            result = kubectl.runWithInput(json, "replace", "-f", "-");
        }
        return result;
    }

    @Test
    void aServiceKeepsItsClusterIpThroughPatchAndReplace() {
        kubectl.run("create", "service", "clusterip", "db", "--tcp=5432:5432").ok();
        String ip = kubectl.run("get", "service", "db", "-o", "jsonpath={.spec.clusterIP}").ok().stdout();
        String err = refused(kubectl.run("patch", "service", "db", "-p", "{\"spec\":{\"clusterIP\":\"10.96.200.200\"}}"));
        assertTrue(err.contains("The Service \"db\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.200.200\"}:"
                + " may not change once set"), err);
        // a manifest without the allocated address, as users keep them, replaces fine and keeps it
        kubectl.runWithInput("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"db","labels":{"tier":"data"}},
                 "spec":{"selector":{"app":"db"},"ports":[{"name":"5432-5432","port":5432,"targetPort":5432}]}}""",
                "replace", "-f", "-").ok();
        assertEquals(ip, kubectl.run("get", "service", "db", "-o", "jsonpath={.spec.clusterIP}").ok().stdout());
    }

    @Test
    void aRoleBindingKeepsItsRole() {
        kubectl.run("create", "rolebinding", "readers", "--clusterrole=view", "--user=alice").ok();
        String err = refused(kubectl.run("patch", "rolebinding", "readers", "--type=merge", "-p", "{\"roleRef\":{\"name\":\"edit\"}}"));
        assertTrue(err.contains("The RoleBinding \"readers\" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"
                + "\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef"), err);
    }
}
