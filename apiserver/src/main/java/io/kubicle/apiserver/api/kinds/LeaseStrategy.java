package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.List;

/** coordination.k8s.io/v1 Lease: printLease (Name, Holder, Age). */
public final class LeaseStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Holder", "holderIdentity contains the identity of the holder of a current lease. If Coordinated"
                    + " Leader Election is used, the holder identity must be equal to the elected"
                    + " LeaseCandidate.metadata.name field."),
            Columns.AGE);

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode lease, Instant now) {
        return List.of(Printing.name(lease), Json.text(lease, "spec", "holderIdentity"), Printing.age(lease, now));
    }
}
