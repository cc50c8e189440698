package io.kubicle.apiserver.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.WorkspaceDirectory;
import io.kubicle.certs.CertificateAuthority;
import io.kubicle.storage.ExpiringObjects;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What issuing a token records, and what the in-cluster routing may read from a token before it is verified. */
class ServiceAccountTokensTest {
    static final CertificateAuthority SERVER = CertificateAuthority.create("test", Duration.ofDays(1));
    final List<ObjectWrite> writes = new ArrayList<>();
    final Store store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
        if (!m.getName().equals("create")) {
            throw new UnsupportedOperationException(m.getName());
        }
        ObjectWrite write = (ObjectWrite) args[0];
        writes.add(write);
        return Future.succeededFuture(new StoredObject(write.key(), write.uid(), 1, 1, write.labels(), write.body()));
    });
    final ServiceAccountTokens tokens = new ServiceAccountTokens(store, new WorkspaceCredentials(SERVER, Duration.ofDays(1)),
            Clock.systemUTC());
    final WorkspaceDirectory.Entry workspace = new WorkspaceDirectory.Entry(42, "team-a", 3, 0);

    @Test
    void aTokenBoundToAPodIsRecordedAsThePodsDependentSoItsRecordGoesWithThePod() {
        ObjectNode pod = Json.object().put("kind", "Pod").put("name", "job").put("uid", "pod-uid");
        String token = tokens.issue(workspace, "default", "worker", "sa-uid", List.of(ServiceAccountTokens.API_AUDIENCE), 3607, pod)
                .await().token();
        ObjectWrite record = writes.get(0);
        assertEquals(List.of("pod-uid"), record.owners());
        JsonNode owner = Json.parseStored(record.body()).path("metadata").path("ownerReferences").path(0);
        assertEquals("Pod", owner.path("kind").asText());
        assertEquals("job", owner.path("name").asText());
        assertEquals(OptionalLong.of(42), ServiceAccountTokens.claimedWorkspace(token));
        String expiry = ExpiringObjects.labelValue(Instant.ofEpochSecond(Jwt.claims(token).orElseThrow().path("exp").asLong()));
        assertEquals(Map.of(ExpiringObjects.LABEL, expiry), record.labels(), "the sweep finds the record by its expiry");
        assertEquals(expiry, Json.parseStored(record.body()).path("metadata").path("labels").path(ExpiringObjects.LABEL).asText());
    }

    @Test
    void aTokenWithoutExpiryHasARecordTheSweepNeverFinds() {
        tokens.issue(workspace, "default", "worker", "sa-uid", List.of(ServiceAccountTokens.API_AUDIENCE), 0, null).await();
        assertEquals(Map.of(), writes.get(0).labels());
    }

    @Test
    void anUnboundTokenHasNoOwnerAndNonTokensNameNoWorkspace() {
        tokens.issue(workspace, "default", "worker", "sa-uid", List.of(ServiceAccountTokens.API_AUDIENCE), 3607, null).await();
        assertTrue(writes.get(0).owners().isEmpty());
        assertEquals(OptionalLong.empty(), ServiceAccountTokens.claimedWorkspace("not-a-token"));
        assertEquals(OptionalLong.empty(), ServiceAccountTokens.claimedWorkspace("a.b.c"));
    }
}
