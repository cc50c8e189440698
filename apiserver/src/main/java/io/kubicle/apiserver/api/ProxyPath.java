package io.kubicle.apiserver.api;

/**
 * A proxy request's path cut in two, as the client sent it (still percent-encoded): the prefix up to and including
 * the {@code proxy} segment, which links and redirects of the far end are rewritten under, and the rest, which the far
 * end is asked for ({@code /} when empty, a trailing slash kept).
 */
record ProxyPath(String prefix, String rest) {

    /**
     * Cuts {@code rawPath} after {@code .../namespaces/<ns>/<resource>/<id>/proxy}; null when it has no such segment
     * (the {@code /clusters/<workspace>} prefix, or none, may come before).
     */
    static ProxyPath of(String rawPath, String resource) {
        java.util.List<int[]> segments = new java.util.ArrayList<>();
        int i = 0;
        while (i < rawPath.length()) {
            while (i < rawPath.length() && rawPath.charAt(i) == '/') {
                i++;
            }
            int start = i;
            while (i < rawPath.length() && rawPath.charAt(i) != '/') {
                i++;
            }
            if (i > start) {
                segments.add(new int[] {start, i});
            }
        }
        for (int s = 4; s < segments.size(); s++) {
            if (is(rawPath, segments.get(s), "proxy") && is(rawPath, segments.get(s - 2), resource)
                    && is(rawPath, segments.get(s - 4), "namespaces")) {
                int end = segments.get(s)[1];
                String rest = rawPath.substring(end);
                return new ProxyPath(rawPath.substring(0, end), rest.isEmpty() ? "/" : rest.replaceFirst("^/+", "/"));
            }
        }
        return null;
    }

    /**
     * Whether the rest holds a {@code .} or {@code ..} segment (also percent-encoded). Such a path is refused: along
     * the way (the syncer, the host's API server) nothing may read it as a step out of the proxy.
     */
    boolean climbs() {
        for (String segment : rest.split("/", -1)) {
            String decoded = segment.replaceAll("(?i)%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the raw path addresses a pod's or a service's proxy (whose body the far end reads, not the server). */
    static boolean isProxy(String rawPath) {
        return rawPath.contains("/proxy") && (of(rawPath, "pods") != null || of(rawPath, "services") != null);
    }

    private static boolean is(String path, int[] segment, String value) {
        return segment[1] - segment[0] == value.length() && path.startsWith(value, segment[0]);
    }
}
