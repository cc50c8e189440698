package io.kubicle.apiserver;

import java.util.List;

/**
 * Who made a request, as Kubernetes sees it: a user name and groups. {@code operator} marks Kubicle's operator
 * identity (a certificate of the server CA itself: the provisioning system, the syncer), which no name, group or
 * impersonation can claim.
 */
public record UserInfo(String name, List<String> groups, boolean operator) {
    public static final String MASTERS = "system:masters";
    public static final String AUTHENTICATED = "system:authenticated";

    public UserInfo {
        groups = List.copyOf(groups);
    }

    /** A user who is not the operator. */
    public UserInfo(String name, List<String> groups) {
        this(name, groups, false);
    }
}
