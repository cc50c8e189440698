package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-workspace CRDs with the real kubectl: the real-world fixture CRDs install unchanged and serve their
 * examples; a home-made CRD shows defaulting, pruning, validation messages, printer columns, field validation,
 * deletion of its resources with the CRD, and isolation between workspaces.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class CrdIT {
    private static final Path FIXTURES = Path.of("../fixtures/crds");
    private static final String WIDGET_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.test.kubicle.io
            spec:
              group: test.kubicle.io
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [all]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                additionalPrinterColumns:
                - {name: Size, type: integer, jsonPath: .spec.size}
                - {name: Color, type: string, jsonPath: .spec.color}
                selectableFields:
                - jsonPath: .spec.color
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [size]
                        properties:
                          size: {type: integer, minimum: 1, maximum: 10}
                          color: {type: string, enum: [red, blue], default: red}
                          tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                        x-kubernetes-validations:
                        - rule: "!has(self.tags) || size(self.tags) <= self.size"
                          message: no more tags than size
                      status:
                        type: object
                        properties:
                          phase: {type: string}
            """;

    @TempDir
    static Path dir;
    static KubicleProcess server;
    static Kubectl root;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        root = new Kubectl(server.kubeconfig(), dir.resolve("cache"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static Kubectl workspace(String name) throws IOException {
        root.runWithInput("apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: " + name + "\n",
                "create", "-f", "-").ok();
        String text = root.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/" + name + "/kubeconfig")
                .ok().stdout();
        Path file = Files.createTempFile(dir, name, ".kubeconfig");
        Files.writeString(file, text);
        return new Kubectl(file, dir.resolve("cache-" + name));
    }

    static List<Path> files(String project, boolean examples) throws IOException {
        try (Stream<Path> s = Files.list(FIXTURES.resolve(project))) {
            return s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> p.getFileName().toString().startsWith("example-") == examples).sorted().toList();
        }
    }

    @Test
    void everyFixtureCrdInstallsUnchangedAndServesItsExamples() throws Exception {
        Kubectl k = workspace("fixtures");
        for (String project : List.of("cert-manager", "prometheus-operator", "argo-cd", "kserve")) {
            for (Path crd : files(project, false)) {
                k.run("apply", "--server-side", "-f", crd.toString()).ok();
            }
            k.run("wait", "--for", "condition=established", "--timeout=30s", "crd", "--all").ok();
            for (Path example : files(project, true)) {
                createNamespacesOf(k, example);
                String out = k.run("create", "-f", example.toString()).ok().stdout();
                assertTrue(out.contains("created"), out);
            }
        }
        String certs = k.run("get", "certificates", "-A").ok().stdout();
        assertTrue(certs.contains("READY"), certs);   // cert-manager's printer columns
        assertTrue(k.run("get", "servicemonitors.monitoring.coreos.com", "-A", "-o", "name").ok().stdout()
                .contains("servicemonitor.monitoring.coreos.com/"));
        assertTrue(k.run("get", "isvc", "-A", "-o", "name").ok().stdout().contains("inferenceservice"));
        assertTrue(k.run("api-resources", "--api-group=argoproj.io").ok().stdout().contains("applications"));
    }

    @Test
    void widgetsAreDefaultedPrunedValidatedPrintedAndDeletedWithTheirCrd() throws Exception {
        Kubectl k = workspace("widgets");
        k.runWithInput(WIDGET_CRD, "apply", "-f", "-").ok();
        k.run("wait", "--for", "condition=established", "--timeout=30s", "crd/widgets.test.kubicle.io").ok();

        k.runWithInput(widget("small", "size: 2"), "create", "-f", "-").ok();
        assertEquals("red", k.run("get", "widget", "small", "-o", "jsonpath={.spec.color}").ok().stdout());

        String table = k.run("get", "wd").ok().stdout();
        assertTrue(k.run("get", "all").ok().stdout().contains("widget.test.kubicle.io/small"));
        assertTrue(table.contains("SIZE") && table.contains("COLOR"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("small") && l.contains("2") && l.contains("red")), table);

        Kubectl.Result tooBig = k.runWithInput(widget("big", "size: 11"), "create", "-f", "-");
        assertNotEquals(0, tooBig.exitCode());
        assertTrue(tooBig.stderr().contains("The Widget \"big\" is invalid: spec.size: Invalid value: 11: "
                + "spec.size in body should be less than or equal to 10"), tooBig.stderr());

        Kubectl.Result cel = k.runWithInput(widget("tags", "size: 1\n  tags: [a, b]"), "create", "-f", "-");
        assertTrue(cel.stderr().contains("spec: Invalid value: \"object\": no more tags than size"), cel.stderr());

        Kubectl.Result unknown = k.runWithInput(widget("extra", "size: 1\n  bogus: 1"), "create", "-f", "-");
        assertTrue(unknown.stderr().contains("unknown field \"spec.bogus\""), unknown.stderr());
        k.runWithInput(widget("extra", "size: 1\n  bogus: 1"), "create", "--validate=false", "-f", "-").ok();
        assertEquals("{\"size\":1,\"color\":\"red\"}".length(),
                k.run("get", "widget", "extra", "-o", "jsonpath={.spec}").ok().stdout().length());

        k.runWithInput(widget("blue", "size: 3\n  color: blue"), "create", "-f", "-").ok();
        assertEquals("blue", k.run("get", "widgets", "--field-selector", "spec.color=blue", "-o", "name").ok()
                .stdout().strip().replace("widget.test.kubicle.io/", ""));

        String clash = WIDGET_CRD.replace("widgets.test.kubicle.io", "gizmos.test.kubicle.io")
                .replace("plural: widgets, singular: widget,", "plural: gizmos, singular: gizmo,").replace("[wd]", "[gz]");
        k.runWithInput(clash, "create", "-f", "-").ok();
        assertEquals("False KindConflict \"Widget\" is already in use", k.run("get", "crd", "gizmos.test.kubicle.io", "-o",
                "jsonpath={.status.conditions[?(@.type==\"NamesAccepted\")]['status','reason','message']}").ok().stdout());
        assertNotEquals(0, k.run("get", "gizmos").exitCode());
        k.run("delete", "crd", "gizmos.test.kubicle.io").ok();

        k.run("delete", "crd", "widgets.test.kubicle.io").ok();
        Kubectl.Result gone = k.run("get", "widgets");
        assertNotEquals(0, gone.exitCode());
        k.runWithInput(WIDGET_CRD, "apply", "-f", "-").ok();
        k.run("wait", "--for", "condition=established", "--timeout=30s", "crd/widgets.test.kubicle.io").ok();
        String after = k.run("get", "widgets", "-o", "name").ok().stdout() + k.run("get", "widgets").stderr();
        assertFalse(after.contains("small"), after);
    }

    private static final String GADGET_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gadgets.test.kubicle.io
            spec:
              group: test.kubicle.io
              scope: Namespaced
              names: {plural: gadgets, kind: Gadget}
              versions:
              - name: v1beta1
                served: true
                storage: false
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          replicas: {type: integer}
                          ports:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [name]
                            items:
                              type: object
                              required: [name]
                              properties: {name: {type: string}, port: {type: integer}}
                      status:
                        type: object
                        properties: {replicas: {type: integer}}
            """;

    @Test
    void versionsSubresourcesApplyAndExplainWorkForCustomResources() throws Exception {
        Kubectl k = workspace("gadgets");
        k.runWithInput(GADGET_CRD, "apply", "--server-side", "-f", "-").ok();
        k.run("wait", "--for", "condition=established", "--timeout=30s", "crd/gadgets.test.kubicle.io").ok();
        assertTrue(k.run("explain", "gadgets.spec.ports").ok().stdout().contains("port"));

        String first = "apiVersion: test.kubicle.io/v1\nkind: Gadget\nmetadata: {name: g, namespace: default}\n"
                + "spec:\n  replicas: 1\n  ports:\n  - {name: http, port: 80}\n";
        String second = "apiVersion: test.kubicle.io/v1\nkind: Gadget\nmetadata: {name: g, namespace: default}\n"
                + "spec:\n  ports:\n  - {name: metrics, port: 9090}\n";
        k.runWithInput(first, "apply", "--server-side", "--field-manager", "one", "-f", "-").ok();
        k.runWithInput(second, "apply", "--server-side", "--field-manager", "two", "-f", "-").ok();
        // list-map keys merge both managers' items instead of replacing the list
        assertEquals("http metrics", k.run("get", "gadget", "g", "-o", "jsonpath={.spec.ports[*].name}").ok().stdout());

        assertEquals("test.kubicle.io/v1beta1", k.run("get", "gadgets.v1beta1.test.kubicle.io", "g", "-o",
                "jsonpath={.apiVersion}").ok().stdout());
        k.run("scale", "gadget", "g", "--replicas=3").ok();
        assertEquals("3", k.run("get", "gadget", "g", "-o", "jsonpath={.spec.replicas}").ok().stdout());
        k.run("patch", "gadget", "g", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"replicas\":3}}").ok();
        k.run("patch", "gadget", "g", "--type=merge", "-p", "{\"status\":{\"replicas\":9}}").ok();
        assertEquals("3", k.run("get", "gadget", "g", "-o", "jsonpath={.status.replicas}").ok().stdout());

        Kubectl.Result warned = k.runWithInput(first.replace("name: g,", "name: w,").replace("replicas: 1", "replicas: 1\n  odd: 1"),
                "create", "--validate=warn", "-f", "-").ok();
        assertTrue(warned.stderr().contains("unknown field \"spec.odd\""), warned.stderr());
    }

    @Test
    void crdsOfOneWorkspaceAreInvisibleInAnother() throws Exception {
        Kubectl a = workspace("iso-a");
        Kubectl b = workspace("iso-b");
        a.runWithInput(WIDGET_CRD, "apply", "-f", "-").ok();
        a.run("wait", "--for", "condition=established", "--timeout=30s", "crd/widgets.test.kubicle.io").ok();
        a.runWithInput(widget("mine", "size: 2"), "create", "-f", "-").ok();
        assertNotEquals(0, b.run("get", "widgets").exitCode());
        assertFalse(b.run("get", "crd", "-o", "name").ok().stdout().contains("widgets"));

        // the same group/kind with a looser schema in B
        b.runWithInput(WIDGET_CRD.replace("maximum: 10", "maximum: 100"), "apply", "-f", "-").ok();
        b.run("wait", "--for", "condition=established", "--timeout=30s", "crd/widgets.test.kubicle.io").ok();
        b.runWithInput(widget("large", "size: 50"), "create", "-f", "-").ok();
        assertNotEquals(0, a.runWithInput(widget("large", "size: 50"), "create", "-f", "-").exitCode());
        assertFalse(b.run("get", "widgets", "-o", "name").ok().stdout().contains("mine"));
    }

    /** Example manifests name their namespace in metadata; kubectl create does not make it. */
    private static void createNamespacesOf(Kubectl k, Path example) throws IOException {
        for (String line : Files.readAllLines(example)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^  namespace: *(\\S+)").matcher(line);
            if (m.find() && k.run("get", "namespace", m.group(1)).exitCode() != 0) {
                k.run("create", "namespace", m.group(1)).ok();
            }
        }
    }

    private static String widget(String name, String spec) {
        return "apiVersion: test.kubicle.io/v1\nkind: Widget\nmetadata:\n  name: " + name + "\n  namespace: default\n"
                + "spec:\n  " + spec + "\n";
    }
}
