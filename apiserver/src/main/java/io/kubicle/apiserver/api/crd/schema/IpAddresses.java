package io.kubicle.apiserver.api.crd.schema;

/** IP literal checks as Go's net.ParseIP / net.ParseCIDR accept them, without any name lookups. */
final class IpAddresses {
    private IpAddresses() {
    }

    static boolean isV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return false;
            }
            if (p.length() > 1 && p.charAt(0) == '0' || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isV6(String s) {
        if (!s.contains(":")) {
            return false;
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        java.util.List<String> all = new java.util.ArrayList<>();
        if (doubleColon < 0) {
            all.addAll(java.util.Arrays.asList(s.split(":", -1)));
        } else {
            String head = s.substring(0, doubleColon);
            String tail = s.substring(doubleColon + 2);
            if (!head.isEmpty()) {
                all.addAll(java.util.Arrays.asList(head.split(":", -1)));
            }
            if (!tail.isEmpty()) {
                all.addAll(java.util.Arrays.asList(tail.split(":", -1)));
            }
        }
        int groups = 0;
        for (int i = 0; i < all.size(); i++) {
            String g = all.get(i);
            if (i == all.size() - 1 && g.contains(".")) {
                if (!isV4(g)) {
                    return false;
                }
                groups += 2;
                continue;
            }
            if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            groups++;
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }

    static boolean isCidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String ip = s.substring(0, slash);
        String bits = s.substring(slash + 1);
        if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int n = Integer.parseInt(bits);
        if (isV4(ip)) {
            return n <= 32;
        }
        return isV6(ip) && n <= 128;
    }
}
