package io.kubicle.apiserver;

import java.util.List;

/**
 * A failure that the client should see as a Kubernetes Status. Only {@link Statuses} builds these,
 * with the messages kube-apiserver uses, so kubectl prints what users already know.
 */
public final class ApiError extends RuntimeException {
    /** One entry of details.causes[]: what field was wrong and why. */
    public record Cause(String reason, String message, String field) {
    }

    private final int code;
    private final String reason;
    private final String name;
    private final String group;
    private final String kind;
    private final List<Cause> causes;
    private final int retryAfterSeconds;

    ApiError(int code, String reason, String message, String name, String group, String kind, List<Cause> causes) {
        this(code, reason, message, name, group, kind, causes, 0);
    }

    ApiError(int code, String reason, String message, String name, String group, String kind, List<Cause> causes,
             int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
        this.code = code;
        this.reason = reason;
        this.name = name;
        this.group = group;
        this.kind = kind;
        this.causes = List.copyOf(causes);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public String name() {
        return name;
    }

    public String group() {
        return group;
    }

    public String kind() {
        return kind;
    }

    public List<Cause> causes() {
        return causes;
    }

    /** How long a client should wait before it asks again (details.retryAfterSeconds, Retry-After); 0: not said. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
