package io.kubicle.apiserver.api;

import io.kubicle.apiserver.Statuses;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of a {@code pods/log} request, read and checked as kube-apiserver reads a PodLogOptions: a value
 * that is not a number, boolean or time is a 400, a value out of range a 422 naming the field. What passes
 * is forwarded as it came, to whatever serves the container's log (the kubelet's {@code /containerLogs}
 * takes the same parameters).
 *
 * @param container the container asked for, empty when none was named
 * @param forwarded the checked parameters to pass on (follow, previous, timestamps, sinceSeconds, sinceTime,
 *                  tailLines, limitBytes), in that order
 */
public record PodLogOptions(String container, Map<String, String> forwarded) {
    private static final List<String> BOOLEANS = List.of("follow", "previous", "timestamps");

    public static PodLogOptions parse(String podName, MultiMap params) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String name : BOOLEANS) {
            String value = params.get(name);
            if (value != null && !value.isEmpty()) {
                forwarded.put(name, Boolean.toString(bool(name, value)));
            }
        }
        List<FieldError> errors = new ArrayList<>();
        Long sinceSeconds = number(params, "sinceSeconds");
        String sinceTime = params.get("sinceTime");
        if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                Instant.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw Statuses.badRequest("sinceTime: invalid value \"" + sinceTime
                        + "\": must be an RFC 3339 time such as 2026-12-06T10:00:00Z");
            }
        } else {
            sinceTime = null;
        }
        Long tailLines = number(params, "tailLines");
        Long limitBytes = number(params, "limitBytes");
        if (tailLines != null && tailLines < 0) {
            errors.add(FieldError.invalid("tailLines", tailLines.toString(), "must be greater than or equal to 0"));
        }
        if (limitBytes != null && limitBytes < 1) {
            errors.add(FieldError.invalid("limitBytes", limitBytes.toString(), "must be greater than 0"));
        }
        if (sinceSeconds != null && sinceTime != null) {
            errors.add(FieldError.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        } else if (sinceSeconds != null && sinceSeconds < 1) {
            errors.add(FieldError.invalid("sinceSeconds", sinceSeconds.toString(), "must be greater than 0"));
        }
        if (!errors.isEmpty()) {
            throw Statuses.invalid("", "PodLogOptions", podName, errors);
        }
        putIf(forwarded, "sinceSeconds", sinceSeconds);
        if (sinceTime != null) {
            forwarded.put("sinceTime", sinceTime);
        }
        putIf(forwarded, "tailLines", tailLines);
        putIf(forwarded, "limitBytes", limitBytes);
        String container = params.get("container");
        return new PodLogOptions(container == null ? "" : container, Map.copyOf(forwarded));
    }

    /** The forwarded parameters as a query string ({@code a=1&b=2}, values URL-encoded), empty when none. */
    public String query() {
        StringBuilder query = new StringBuilder();
        for (String name : List.of("follow", "previous", "timestamps", "sinceSeconds", "sinceTime", "tailLines", "limitBytes")) {
            String value = forwarded.get(name);
            if (value != null) {
                query.append(query.length() == 0 ? "" : "&").append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    private static void putIf(Map<String, String> forwarded, String name, Long value) {
        if (value != null) {
            forwarded.put(name, value.toString());
        }
    }

    /** Go's strconv.ParseBool, which kube's query decoding uses. */
    private static boolean bool(String name, String value) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw Statuses.badRequest(name + ": invalid value \"" + value + "\": must be true or false");
        };
    }

    private static Long number(MultiMap params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw Statuses.badRequest(name + ": invalid value \"" + value + "\": must be a whole number");
        }
    }
}
