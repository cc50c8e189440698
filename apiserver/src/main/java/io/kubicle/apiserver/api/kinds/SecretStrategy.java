package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * core/v1 Secret: printSecret, type Opaque by default, stringData folded into data (what kube's
 * conversion does; stringData is never stored), ValidateSecret (keys, base64 values, 1 MiB, the
 * keys each well-known type requires), immutability, and the "type" field selector.
 */
public final class SecretStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Type", "Used to facilitate programmatic handling of secret data. More info:"
                    + " https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
            Columns.str("Data", "Data contains the secret data. Each key must consist of alphanumeric characters, '-',"
                    + " '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the"
                    + " arbitrary (possibly non-string) data value here. Described in"
                    + " https://tools.ietf.org/html/rfc4648#section-4"),
            Columns.AGE);

    /** Decoded length, or the Go decoder's error ("illegal base64 data at input byte N"). */
    record Base64Result(int length, String error) {
    }

    @Override
    public void applyDefaults(ObjectNode secret) {
        Json.defaultText(secret, "type", "Opaque");
        JsonNode stringData = secret.get("stringData");
        if (stringData != null && stringData.isObject()) {
            ObjectNode data = Json.obj(secret, "data");
            Json.stringMap(stringData).forEach((k, v) ->
                    data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        }
        secret.remove("stringData");
    }

    @Override
    public List<FieldError> validate(ObjectNode secret, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        if (old != null) {
            String type = Json.text(secret, "type");
            if (!type.equals(Json.text(old, "type"))) {
                errs.add(FieldError.invalid("type", GoFmt.quote(type), "field is immutable"));
            }
            errs.addAll(immutability(secret, old, "data"));
        }
        Map<String, String> data = Json.stringMap(secret, "data");
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            String key = e.getKey();
            Validators.configMapKey(key).forEach(m -> errs.add(FieldError.invalid("data[" + key + "]", GoFmt.quote(key), m)));
            Base64Result decoded = decodeBase64(e.getValue());
            if (decoded.error() != null) {
                errs.add(FieldError.invalid("data[" + key + "]", null, decoded.error()));
            } else {
                total += decoded.length();
            }
        }
        if (total > ConfigMapStrategy.MAX_SIZE) {
            errs.add(new FieldError(FieldError.TOO_LONG, "data", null,
                    "may not be more than " + ConfigMapStrategy.MAX_SIZE + " bytes"));
        }
        switch (Json.text(secret, "type")) {
            case "kubernetes.io/service-account-token" -> {
                if (Json.text(secret, "metadata", "annotations", "kubernetes.io/service-account.name").isEmpty()) {
                    errs.add(FieldError.required("metadata.annotations[kubernetes.io/service-account.name]", ""));
                }
            }
            case "kubernetes.io/dockercfg" -> requireKey(data, ".dockercfg", errs);
            case "kubernetes.io/dockerconfigjson" -> requireKey(data, ".dockerconfigjson", errs);
            case "kubernetes.io/basic-auth" -> {
                if (!data.containsKey("username") && !data.containsKey("password")) {
                    errs.add(FieldError.required("data[username]", ""));
                    errs.add(FieldError.required("data[password]", ""));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (data.getOrDefault("ssh-privatekey", "").isEmpty()) {
                    errs.add(FieldError.required("data[ssh-privatekey]", ""));
                }
            }
            case "kubernetes.io/tls" -> {
                requireKey(data, "tls.crt", errs);
                requireKey(data, "tls.key", errs);
            }
            default -> {
            }
        }
        return errs;
    }

    private static void requireKey(Map<String, String> data, String key, List<FieldError> errs) {
        if (!data.containsKey(key)) {
            errs.add(FieldError.required("data[" + key + "]", ""));
        }
    }

    /** The Forbidden errors of ValidateSecretUpdate/ValidateConfigMapUpdate once {@code immutable} is set. */
    static List<FieldError> immutability(ObjectNode obj, ObjectNode old, String... fields) {
        List<FieldError> errs = new ArrayList<>();
        if (Json.bool(old, "immutable")) {
            String msg = "field is immutable when `immutable` is set";
            if (!Json.bool(obj, "immutable")) {
                errs.add(FieldError.forbidden("immutable", msg));
            }
            for (String f : fields) {
                if (!Json.stringMap(obj, f).equals(Json.stringMap(old, f))) {
                    errs.add(FieldError.forbidden(f, msg));
                }
            }
        }
        return errs;
    }

    /**
     * The message kube-apiserver answers (400 BadRequest, while decoding) for a data value that is
     * not base64, or null: {@code Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4}.
     */
    public static String decodeError(ObjectNode secret) {
        for (String value : Json.stringMap(secret, "data").values()) {
            Base64Result r = decodeBase64(value);
            if (r.error() != null) {
                return "Secret in version \"v1\" cannot be handled as a Secret: " + r.error();
            }
        }
        return null;
    }

    /** encoding/base64 StdEncoding.Decode: padding required, CR/LF skipped, Go's error offsets. */
    static Base64Result decodeBase64(String value) {
        byte[] src = value.getBytes(StandardCharsets.UTF_8);
        int si = 0;
        int n = 0;
        while (true) {
            int dlen = 4;
            boolean end = false;
            for (int j = 0; j < 4; j++) {
                if (si == src.length) {
                    if (j == 0) {
                        return new Base64Result(n, null);
                    }
                    return corrupt(si - j);
                }
                int in = src[si] & 0xff;
                si++;
                if (isBase64(in)) {
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    j--;
                    continue;
                }
                if (in != '=') {
                    return corrupt(si - 1);
                }
                if (j == 0 || j == 1) {
                    return corrupt(si - 1);
                }
                if (j == 2) {
                    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                        si++;
                    }
                    if (si == src.length) {
                        return corrupt(src.length);
                    }
                    if (src[si] != '=') {
                        return corrupt(si - 1);
                    }
                    si++;
                }
                while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                    si++;
                }
                if (si < src.length) {
                    return corrupt(si);
                }
                dlen = j;
                end = true;
                break;
            }
            n += dlen - 1;
            if (end) {
                return new Base64Result(n, null);
            }
        }
    }

    private static Base64Result corrupt(int offset) {
        return new Base64Result(0, "illegal base64 data at input byte " + offset);
    }

    private static boolean isBase64(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode secret, Instant now) {
        return List.of(Printing.name(secret), Json.text(secret, "type"), (long) secret.path("data").size(),
                Printing.age(secret, now));
    }

    @Override
    public String fieldValue(ObjectNode secret, String field) {
        return "type".equals(field) ? Json.text(secret, "type") : null;
    }
}
