package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.List;

/** core/v1 ServiceAccount: printServiceAccount (Name, Secrets, Age); no defaults. */
public final class ServiceAccountStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this"
                    + " ServiceAccount are allowed to use. Pods are only limited to this list if this service account has"
                    + " a \"kubernetes.io/enforce-mountable-secrets\" annotation set to \"true\". The"
                    + " \"kubernetes.io/enforce-mountable-secrets\" annotation is deprecated since v1.32. Prefer separate"
                    + " namespaces to isolate access to mounted secrets. This field should not be used to find"
                    + " auto-generated service account token secrets for use outside of pods. Instead, tokens can be"
                    + " requested directly using the TokenRequest API, or service account token secrets can be manually"
                    + " created. More info: https://kubernetes.io/docs/concepts/configuration/secret"),
            Columns.AGE);

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode sa, Instant now) {
        return List.of(Printing.name(sa), (long) Json.items(sa, "secrets").size(), Printing.age(sa, now));
    }
}
