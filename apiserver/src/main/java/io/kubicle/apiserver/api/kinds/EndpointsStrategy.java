package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** core/v1 Endpoints: printEndpoints (first three host:port pairs, "+ N more...") and port protocol TCP. */
public final class EndpointsStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Endpoints", "The set of all endpoints is the union of all subsets. Addresses are placed into"
                    + " subsets according to the IPs they share. A single address with multiple ports, some of which are"
                    + " ready and some of which are not (because they come from different containers) will result in the"
                    + " address being displayed in different subsets for the different ports. No address will appear in"
                    + " both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise"
                    + " a service."),
            Columns.AGE);

    @Override
    public void applyDefaults(ObjectNode ep) {
        for (ObjectNode subset : Json.objects(ep, "subsets")) {
            for (ObjectNode port : Json.objects(subset, "ports")) {
                Json.defaultText(port, "protocol", "TCP");
            }
        }
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ep, Instant now) {
        return List.of(Printing.name(ep), format(ep), Printing.age(ep, now));
    }

    private static String format(JsonNode ep) {
        List<JsonNode> subsets = Json.items(ep, "subsets");
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        int max = 3;
        boolean more = false;
        int count = 0;
        for (JsonNode ss : subsets) {
            List<JsonNode> addresses = Json.items(ss, "addresses");
            List<JsonNode> ports = Json.items(ss, "ports");
            if (ports.isEmpty()) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (list.size() == max) {
                        more = true;
                        break;
                    }
                    list.add(Json.text(a, "ip"));
                }
                continue;
            }
            for (JsonNode port : ports) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (list.size() == max) {
                        more = true;
                        break;
                    }
                    String ip = Json.text(a, "ip");
                    list.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + Json.num(port, "port"));
                }
            }
        }
        String ret = String.join(",", list);
        return more ? ret + " + " + (count - max) + " more..." : ret;
    }
}
