package io.kubicle.certs;

import java.util.List;
import java.util.Objects;

/**
 * Who a verified client certificate speaks for, in Kubernetes terms: the user is the subject CN
 * and the groups are the subject O values. Handed to authorization without further parsing.
 */
public record ClientIdentity(String user, List<String> groups) {
    public ClientIdentity {
        Objects.requireNonNull(user, "user");
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
    }
}
