package io.kubicle.storage;

/** Checks shared by every key segment: Postgres text cannot hold NUL, and '/' would make keys ambiguous. */
final class KeyParts {
    private KeyParts() {
    }

    static void checkSegment(String what, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw new StorageException.InvalidArgument(
                    what + " must be no more than " + maxLength + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == 0 || Character.isISOControl(c)) {
                throw new StorageException.InvalidArgument(
                        what + " " + quote(value) + " must not contain '/' or control characters");
            }
        }
    }

    private static String quote(String value) {
        return '"' + value.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
