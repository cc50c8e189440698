package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** core/v1 ConfigMap: printConfigMap (Data = data + binaryData), ValidateConfigMap (keys, 1 MiB total). */
public final class ConfigMapStrategy implements KindStrategy {
    /** core.MaxSecretSize, which also bounds ConfigMaps. */
    public static final int MAX_SIZE = 1024 * 1024;
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Data", "Data contains the configuration data. Each key must consist of alphanumeric characters,"
                    + " '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys"
                    + " stored in Data must not overlap with the keys in the BinaryData field, this is enforced during"
                    + " validation process."),
            Columns.AGE);

    @Override
    public List<FieldError> validate(ObjectNode cm, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        if (old != null) {
            errs.addAll(SecretStrategy.immutability(cm, old, "data", "binaryData"));
        }
        Map<String, String> data = Json.stringMap(cm, "data");
        Map<String, String> binary = Json.stringMap(cm, "binaryData");
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            String key = e.getKey();
            Validators.configMapKey(key).forEach(m -> errs.add(FieldError.invalid("data[" + key + "]", GoFmt.quote(key), m)));
            if (binary.containsKey(key)) {
                errs.add(FieldError.invalid("data[" + key + "]", GoFmt.quote(key), "duplicate of key present in binaryData"));
            }
            total += e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, String> e : binary.entrySet()) {
            String key = e.getKey();
            Validators.configMapKey(key).forEach(m ->
                    errs.add(FieldError.invalid("binaryData[" + key + "]", GoFmt.quote(key), m)));
            SecretStrategy.Base64Result decoded = SecretStrategy.decodeBase64(e.getValue());
            if (decoded.error() != null) {
                errs.add(FieldError.invalid("binaryData[" + key + "]", null, decoded.error()));
            } else {
                total += decoded.length();
            }
        }
        if (total > MAX_SIZE) {
            errs.add(new FieldError(FieldError.TOO_LONG, "", null, "may not be more than " + MAX_SIZE + " bytes"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode cm, Instant now) {
        JsonNode data = cm.path("data");
        JsonNode binary = cm.path("binaryData");
        return List.of(Printing.name(cm), (long) (data.size() + binary.size()), Printing.age(cm, now));
    }
}
