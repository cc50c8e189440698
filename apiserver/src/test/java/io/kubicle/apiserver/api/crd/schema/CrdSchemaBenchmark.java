package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark (not a test): prune + default + validate of the kserve InferenceService examples against the biggest
 * fixture CRD schema. Run from the repository root after {@code mvn -o -q -B -pl apiserver -am test-compile}:
 * {@code mvn -o -q -B -pl apiserver dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt; java -cp
 * apiserver/target/test-classes:apiserver/target/classes:$(cat /tmp/cp.txt)
 * io.kubicle.apiserver.api.crd.schema.CrdSchemaBenchmark}. Measured: about 70 us/op (target: under 2 ms).
 */
public final class CrdSchemaBenchmark {
    private CrdSchemaBenchmark() {
    }

    public static void main(String[] args) {
        Path crdFile = FixtureCrds.ROOT.resolve("kserve/serving.kserve.io_inferenceservices.yaml");
        JsonNode crd = FixtureCrds.documents(crdFile).get(0);
        JsonNode raw = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
        long t0 = System.nanoTime();
        CrdSchema schema = CrdSchema.compile(raw);
        long compileNanos = System.nanoTime() - t0;
        List<ObjectNode> examples = new ArrayList<>();
        for (String f : new String[] {"example-inferenceservice.yaml", "example-inferenceservice-2.yaml",
            "example-inferenceservice-3.yaml"}) {
            FixtureCrds.documents(FixtureCrds.ROOT.resolve("kserve/" + f)).forEach(d -> examples.add((ObjectNode) d));
        }
        int warmup = 20_000;
        int measured = 50_000;
        run(schema, examples, warmup);
        long start = System.nanoTime();
        int errors = run(schema, examples, measured);
        long perOp = (System.nanoTime() - start) / measured;
        System.out.printf("compile kserve InferenceService schema: %.1f ms%n", compileNanos / 1e6);
        System.out.printf("prune+default+validate (incl. deep copy): %.1f us/op over %d ops, %d errors%n",
                perOp / 1e3, measured, errors);
    }

    private static int run(CrdSchema schema, List<ObjectNode> examples, int n) {
        int errors = 0;
        for (int i = 0; i < n; i++) {
            ObjectNode o = examples.get(i % examples.size()).deepCopy();
            schema.prune(o);
            schema.applyDefaults(o);
            errors += schema.validate(o, null).size();
        }
        return errors;
    }
}
