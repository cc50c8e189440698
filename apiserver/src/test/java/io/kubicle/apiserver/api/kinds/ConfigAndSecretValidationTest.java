package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.NOW;
import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.TableColumn;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigAndSecretValidationTest {
    private final ConfigMapStrategy configMaps = new ConfigMapStrategy();
    private final SecretStrategy secrets = new SecretStrategy();

    @Test
    void configMapKeysMustBeConfigKeys() {
        ObjectNode cm = json("""
                {"metadata":{"name":"cfg"},"data":{"bad key":"x","..dots":"y","ok.key_1":"z","dup":"1"},
                 "binaryData":{"dup":"AQ=="}}""");
        assertEquals(List.of(
                "data[..dots]: Invalid value: \"..dots\": must not start with '..'",
                "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters,"
                        + " '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is"
                        + " '[-._a-zA-Z0-9]+')",
                "data[dup]: Invalid value: \"dup\": duplicate of key present in binaryData"),
                messages(configMaps.validate(cm, null)));
    }

    @Test
    void configMapRowCountsDataAndBinaryData() {
        ObjectNode cm = json("""
                {"metadata":{"name":"cfg","creationTimestamp":"2025-06-01T11:59:15Z"},"data":{"a":"1","b":"2"},
                 "binaryData":{"c":"AQ=="}}""");
        assertEquals(List.of("Name", "Data", "Age"),
                configMaps.columns().stream().map(TableColumn::name).collect(Collectors.toList()));
        assertEquals(List.of("cfg", 3L, "45s"), configMaps.cells(cm, NOW));
    }

    @Test
    void immutableConfigMapsCannotChange() {
        ObjectNode old = json("{\"immutable\":true,\"data\":{\"a\":\"1\"}}");
        ObjectNode changed = json("{\"immutable\":true,\"data\":{\"a\":\"2\"}}");
        assertEquals(List.of("data: Forbidden: field is immutable when `immutable` is set"),
                messages(configMaps.validate(changed, old)));
    }

    @Test
    void secretRowDefaultsAndFieldSelector() {
        ObjectNode secret = json("""
                {"metadata":{"name":"db","creationTimestamp":"2025-06-01T09:00:00Z"},"data":{"user":"YWRtaW4="},
                 "stringData":{"password":"s3cret"}}""");
        secrets.applyDefaults(secret);
        assertEquals(json("{\"user\":\"YWRtaW4=\",\"password\":\"czNjcmV0\"}"), secret.get("data"));
        assertTrue(secret.path("stringData").isMissingNode());
        assertEquals(List.of("Name", "Type", "Data", "Age"),
                secrets.columns().stream().map(TableColumn::name).collect(Collectors.toList()));
        assertEquals(List.of("db", "Opaque", 2L, "3h"), secrets.cells(secret, NOW));
        assertEquals("Opaque", secrets.fieldValue(secret, "type"));
        assertNull(secrets.fieldValue(secret, "data"));
        assertTrue(secrets.validate(secret, null).isEmpty());
    }

    @Test
    void secretValuesMustBeBase64() {
        ObjectNode secret = json("{\"type\":\"Opaque\",\"data\":{\"a\":\"not base64!\",\"b\":\"YWJj\",\"c\":\"YWI\"}}");
        assertEquals(List.of("data[a]: Invalid value: illegal base64 data at input byte 3",
                "data[c]: Invalid value: illegal base64 data at input byte 0"), messages(secrets.validate(secret, null)));
        assertEquals("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3",
                SecretStrategy.decodeError(secret));
        assertEquals(2, SecretStrategy.decodeBase64("YWI=").length());
        assertEquals(3, SecretStrategy.decodeBase64("YW\nJj").length());
        assertEquals("illegal base64 data at input byte 4", SecretStrategy.decodeBase64("YWI=x").error());
    }

    @Test
    void typedSecretsNeedTheirKeys() {
        ObjectNode tls = json("{\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"\"}}");
        assertEquals(List.of("data[tls.key]: Required value"), messages(secrets.validate(tls, null)));
        ObjectNode token = json("{\"type\":\"kubernetes.io/service-account-token\"}");
        assertEquals(List.of("metadata.annotations[kubernetes.io/service-account.name]: Required value"),
                messages(secrets.validate(token, null)));
        ObjectNode basic = json("{\"type\":\"kubernetes.io/basic-auth\",\"data\":{}}");
        assertEquals(List.of("data[username]: Required value", "data[password]: Required value"),
                messages(secrets.validate(basic, null)));
        ObjectNode retyped = json("{\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"\",\"tls.key\":\"\"}}");
        assertEquals(List.of("type: Invalid value: \"kubernetes.io/tls\": field is immutable"),
                messages(secrets.validate(retyped, json("{\"type\":\"Opaque\"}"))));
    }
}
