package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.List;

/** Kinds with nothing special: no defaults or extra validation; Name and Age columns. */
public final class DefaultStrategy implements KindStrategy {
    public static final DefaultStrategy INSTANCE = new DefaultStrategy();

    @Override
    public List<TableColumn> columns() {
        return List.of(Columns.NAME, Columns.AGE);
    }

    @Override
    public List<Object> cells(ObjectNode object, Instant now) {
        return List.of(Printing.name(object), Printing.age(object, now));
    }
}
