package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EphemeralContainersTest {
    private final PodStrategy strategy = new PodStrategy();

    private static ObjectNode pod() {
        return json("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
                 "spec":{"nodeName":"n1","volumes":[{"name":"data","emptyDir":{}}],
                  "initContainers":[{"name":"setup","image":"setup:1"}],
                  "containers":[{"name":"app","image":"app:1"}]}}""");
    }

    /** What kubectl debug sends: a container with image, stdin, tty and the container whose processes it shares. */
    private static ObjectNode debugger(String name) {
        return json("""
                {"name":"%s","image":"busybox:1.36","stdin":true,"tty":true,"targetContainerName":"app",
                 "terminationMessagePolicy":"File","resources":{}}""".formatted(name));
    }

    /** The errors of a write to pods/web/ephemeralcontainers that leaves the pod as {@code change} makes it. */
    private List<String> subresourceErrors(ObjectNode stored, Consumer<ObjectNode> change) {
        strategy.applyDefaults(stored);
        ObjectNode next = stored.deepCopy();
        change.accept(next);
        strategy.applyDefaults(next);
        return messages(strategy.validateSubresource("ephemeralcontainers", next, stored));
    }

    private static ArrayNode ephemeral(ObjectNode pod) {
        return ((ObjectNode) pod.get("spec")).withArray("ephemeralContainers");
    }

    @Test
    void kubectlDebugAddsAContainer() {
        assertEquals(List.of(), subresourceErrors(pod(), p -> ephemeral(p).add(debugger("debugger-x7k2p"))));
    }

    @Test
    void aSecondOneMayJoinTheFirst() {
        ObjectNode stored = pod();
        ephemeral(stored).add(debugger("first"));
        assertEquals(List.of(), subresourceErrors(stored, p -> ephemeral(p).add(debugger("second"))));
    }

    @Test
    void existingOnesMayNotBeRemovedOrChanged() {
        ObjectNode stored = pod();
        ephemeral(stored).add(debugger("first"));
        assertEquals(List.of("spec.ephemeralContainers: Forbidden: existing ephemeral containers \"first\" may not be removed\n"),
                subresourceErrors(stored, p -> ((ObjectNode) p.get("spec")).remove("ephemeralContainers")));
        List<String> changed = subresourceErrors(stored, p -> ((ObjectNode) ephemeral(p).get(0)).put("image", "busybox:1.37"));
        assertEquals(1, changed.size(), changed.toString());
        assertTrue(changed.get(0).startsWith("spec.ephemeralContainers: Forbidden: existing ephemeral containers"
                + " \"first\" may not be changed\n"), changed.get(0));
        assertTrue(changed.get(0).contains("- \tImage: \"busybox:1.36\",\n+ \tImage: \"busybox:1.37\",\n"), changed.get(0));
    }

    @Test
    void whatAPodReliesOnCannotBeSet() {
        List<String> errs = subresourceErrors(pod(), p -> {
            ObjectNode c = debugger("dbg");
            c.putArray("ports").addObject().put("containerPort", 80);
            c.putObject("readinessProbe").putObject("exec").putArray("command").add("true");
            c.putObject("lifecycle");
            c.putObject("resources").putObject("limits").put("cpu", "1");
            ephemeral(p).add(c);
        });
        assertTrue(errs.contains("spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container"), errs.toString());
        assertTrue(errs.contains("spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container"),
                errs.toString());
        assertTrue(errs.contains("spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container"),
                errs.toString());
        assertTrue(errs.contains("spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container"),
                errs.toString());
    }

    @Test
    void namesTargetsAndMountsAreChecked() {
        List<String> errs = subresourceErrors(pod(), p -> {
            ephemeral(p).add(debugger("app"));
            ObjectNode c = debugger("dbg");
            c.put("targetContainerName", "nope");
            c.putArray("volumeMounts").addObject().put("name", "data").put("mountPath", "/data").put("subPath", "x");
            ((ArrayNode) c.get("volumeMounts")).addObject().put("name", "missing").put("mountPath", "/m");
            ephemeral(p).add(c);
            ObjectNode noImage = debugger("bare");
            noImage.remove("image");
            ephemeral(p).add(noImage);
        });
        assertTrue(errs.contains("spec.ephemeralContainers[0].name: Duplicate value: \"app\""), errs.toString());
        assertTrue(errs.contains("spec.ephemeralContainers[1].targetContainerName: Not found: \"nope\""), errs.toString());
        assertTrue(errs.contains("spec.ephemeralContainers[1].volumeMounts[0].subPath: Forbidden: cannot be set for an"
                + " Ephemeral Container"), errs.toString());
        assertTrue(errs.contains("spec.ephemeralContainers[1].volumeMounts[1].name: Not found: \"missing\""), errs.toString());
        assertTrue(errs.contains("spec.ephemeralContainers[2].image: Required value"), errs.toString());
    }

    @Test
    void aNewPodBringsNoneAndAnUpdateOfThePodChangesNone() {
        ObjectNode created = pod();
        ephemeral(created).add(debugger("dbg"));
        strategy.applyDefaults(created);
        assertEquals(List.of("spec.ephemeralContainers: Forbidden: cannot be set on create"),
                messages(strategy.validate(created, null)));
        List<String> update = KindFixtures.updateErrors(strategy, pod(), p -> ephemeral(p).add(debugger("dbg")));
        assertEquals(1, update.size(), update.toString());
        assertTrue(update.get(0).startsWith("spec: Forbidden: pod updates may not change fields other than"), update.get(0));
    }

    @Test
    void staticPodsTakeNone() {
        ObjectNode mirror = pod();
        ((ObjectNode) mirror.get("metadata")).putObject("annotations").put("kubernetes.io/config.mirror", "abc");
        assertEquals(List.of(": Forbidden: static pods do not support ephemeral containers"),
                subresourceErrors(mirror, p -> ephemeral(p).add(debugger("dbg"))));
    }

    @Test
    void podTemplatesTakeNone() {
        ObjectNode deployment = json("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default"},
                 "spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},
                  "spec":{"containers":[{"name":"app","image":"app:1"}],
                   "ephemeralContainers":[{"name":"dbg","image":"busybox"}]}}}}""");
        var apps = new DeploymentStrategy();
        apps.applyDefaults(deployment);
        assertTrue(messages(apps.validate(deployment, null)).contains("spec.template.spec.ephemeralContainers: Forbidden:"
                + " ephemeral containers not allowed in pod template"), messages(apps.validate(deployment, null)).toString());
    }
}
