package io.kubicle.apiserver.api;

import java.util.List;

/**
 * The name in a {@code pods/<id>/proxy} or {@code services/<id>/proxy} path: {@code name}, {@code name:port} or
 * {@code scheme:name:port}, split as kube's SplitSchemeNamePort splits it (scheme http or https, empty: http).
 *
 * @param port a number or, for a service, a port name; empty when none was given
 */
record ProxyAddress(String scheme, String name, String port) {
    private static final List<String> SCHEMES = List.of("", "http", "https");

    /** The address, or null when {@code id} is not one. */
    static ProxyAddress parse(String id) {
        String[] parts = id.split(":", -1);
        ProxyAddress address = switch (parts.length) {
            case 1 -> new ProxyAddress("", parts[0], "");
            case 2 -> new ProxyAddress("", parts[0], parts[1]);
            case 3 -> new ProxyAddress(parts[0], parts[1], parts[2]);
            default -> null;
        };
        return address == null || address.name.isEmpty() || !SCHEMES.contains(address.scheme) ? null : address;
    }

    String schemeOrHttp() {
        return scheme.isEmpty() ? "http" : scheme;
    }
}
