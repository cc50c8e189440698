package io.kubicle.apiserver;

import java.util.List;

/** Who made a request, as Kubernetes sees it: a user name and groups. */
public record UserInfo(String name, List<String> groups) {
    public static final String MASTERS = "system:masters";
    public static final String AUTHENTICATED = "system:authenticated";

    public UserInfo {
        groups = List.copyOf(groups);
    }
}
