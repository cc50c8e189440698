package io.kubicle.apiserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeconfigLocationTest {
    @Test
    void theFlagWinsOverEveryVariable() {
        assertEquals(Path.of("flag.yaml"), KubeconfigLocation.resolve(Path.of("flag.yaml"),
                Map.of("KUBICLE_KUBECONFIG", "k.yaml", "KUBECONFIG", "c.yaml")));
    }

    @Test
    void kubicleKubeconfigComesBeforeKubeconfig() {
        assertEquals(Path.of("k.yaml"), KubeconfigLocation.resolve(null, Map.of("KUBICLE_KUBECONFIG", "k.yaml", "KUBECONFIG", "c.yaml")));
    }

    @Test
    void theFirstNonEmptyEntryOfKubeconfigIsUsed() {
        String list = String.join(File.pathSeparator, "", "/a/first.yaml", "/b/second.yaml");
        assertEquals(Path.of("/a/first.yaml"), KubeconfigLocation.resolve(null, Map.of("KUBECONFIG", list)));
    }

    @Test
    void withoutAnyTheServersAdminKubeconfigIsUsed() {
        assertEquals(Path.of("data/admin.kubeconfig"), KubeconfigLocation.resolve(null, Map.of()));
        assertEquals(Path.of("data/admin.kubeconfig"), KubeconfigLocation.resolve(null,
                Map.of("KUBICLE_KUBECONFIG", " ", "KUBECONFIG", File.pathSeparator)));
    }
}
