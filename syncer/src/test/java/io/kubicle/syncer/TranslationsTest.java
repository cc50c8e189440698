package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A pass reuses the last pass's host copy unless the tenant object (uid, resourceVersion) or the policy changed. */
class TranslationsTest {
    private static final DownTranslator TRANSLATOR = new DownTranslator("team-a", "ml");
    private static final WorkspacePolicy POOL = new WorkspacePolicy("baseline", Map.of("pool", "a100"), List.of(), null);

    private record Case(String name, UnaryOperator<Pod> change, WorkspacePolicy policy, boolean translatedAgain) {
    }

    @Test
    void translatesAgainOnlyWhatChanged() {
        List<Case> cases = List.of(
                new Case("unchanged", p -> p, WorkspacePolicy.DEFAULT, false),
                new Case("new resourceVersion", p -> withMeta(p, "u-1", "43"), WorkspacePolicy.DEFAULT, true),
                new Case("recreated under the same name", p -> withMeta(p, "u-2", "42"), WorkspacePolicy.DEFAULT, true),
                new Case("policy changed", p -> p, POOL, true),
                new Case("no resourceVersion (never kept)", p -> withMeta(p, "u-1", null), WorkspacePolicy.DEFAULT, true));
        for (Case c : cases) {
            Translations translations = new Translations();
            AtomicInteger translated = new AtomicInteger();
            Pod pod = TestPods.gpuPod();
            HasMetadata first = pass(translations, pod, WorkspacePolicy.DEFAULT, translated);
            HasMetadata second = pass(translations, c.change.apply(TestPods.gpuPod()), c.policy, translated);
            assertEquals(c.translatedAgain ? 2 : 1, translated.get(), c.name);
            if (c.translatedAgain) {
                assertNotSame(first, second, c.name);
            } else {
                assertSame(first, second, c.name);
            }
        }
    }

    @Test
    void aPodWhoseStatusAloneChangedKeepsItsCopyAndAnyOtherChangeTranslatesAgain() {
        List<Case> cases = List.of(
                new Case("status written (new resourceVersion)", p -> {
                    withMeta(p, "u-1", "43").setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                            .withPodIP("10.0.0.7").build());
                    return p;
                }, WorkspacePolicy.DEFAULT, false),
                new Case("image changed", p -> {
                    withMeta(p, "u-1", "43").getSpec().getContainers().get(0).setImage("other:2");
                    return p;
                }, WorkspacePolicy.DEFAULT, true),
                new Case("label added", p -> {
                    withMeta(p, "u-1", "43").getMetadata().setLabels(Map.of("tier", "gold"));
                    return p;
                }, WorkspacePolicy.DEFAULT, true),
                new Case("annotation changed", p -> {
                    withMeta(p, "u-1", "43").getMetadata().setAnnotations(Map.of("note", "y"));
                    return p;
                }, WorkspacePolicy.DEFAULT, true),
                new Case("recreated with the same spec", p -> withMeta(p, "u-2", "43"), WorkspacePolicy.DEFAULT, true),
                new Case("policy changed", p -> withMeta(p, "u-1", "43"), POOL, true));
        for (Case c : cases) {
            Translations translations = new Translations();
            AtomicInteger translated = new AtomicInteger();
            HasMetadata first = passWithInput(translations, withMeta(TestPods.gpuPod(), "u-1", "42"), WorkspacePolicy.DEFAULT, translated);
            HasMetadata second = passWithInput(translations, c.change.apply(withMeta(TestPods.gpuPod(), "u-1", "42")), c.policy,
                    translated);
            assertEquals(c.translatedAgain ? 2 : 1, translated.get(), c.name);
            assertEquals(c.translatedAgain, first != second, c.name);
        }
    }

    private static HasMetadata passWithInput(Translations translations, Pod pod, WorkspacePolicy policy, AtomicInteger translated) {
        Translations.Pass pass = translations.pass("team-a", "ml");
        HasMetadata host = pass.host(pod, policy, DownTranslator::podInput, p -> {
            translated.incrementAndGet();
            return TRANSLATOR.pod(p, policy);
        });
        pass.end();
        return host;
    }

    @Test
    void whatAPassDidNotAskForIsDropped() {
        Translations translations = new Translations();
        AtomicInteger translated = new AtomicInteger();
        pass(translations, TestPods.gpuPod(), WorkspacePolicy.DEFAULT, translated);
        assertEquals(1, translations.namespaces());
        translations.pass("team-a", "ml").end(); // the pod is gone
        assertEquals(0, translations.namespaces());
        pass(translations, TestPods.gpuPod(), WorkspacePolicy.DEFAULT, translated);
        assertEquals(2, translated.get(), "translated afresh after it was dropped");
        translations.forgetWorkspace("team-a");
        assertEquals(0, translations.namespaces());
    }

    private static HasMetadata pass(Translations translations, Pod pod, WorkspacePolicy policy, AtomicInteger translated) {
        Translations.Pass pass = translations.pass("team-a", "ml");
        HasMetadata host = pass.host(pod, policy, p -> {
            translated.incrementAndGet();
            return TRANSLATOR.pod(p, policy);
        });
        pass.end();
        return host;
    }

    private static Pod withMeta(Pod pod, String uid, String resourceVersion) {
        pod.getMetadata().setUid(uid);
        pod.getMetadata().setResourceVersion(resourceVersion);
        return pod;
    }
}
