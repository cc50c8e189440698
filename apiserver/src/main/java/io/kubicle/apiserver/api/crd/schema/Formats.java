package io.kubicle.apiserver.api.crd.schema;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The string formats that apiextensions-apiserver validates (kube-openapi's strfmt registry). Formats outside
 * this list (int32, int64, float, ...) are accepted without checks, as kube does.
 */
final class Formats {
    private static final Pattern HOSTNAME = Pattern.compile(
            "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]"
                    + "{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>()\\[\\],;:\"]+@[^@\\s<>()\\[\\],;:\"]+$");
    private static final Pattern UUID = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern UUID3 = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern UUID4 = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
    private static final Pattern UUID5 = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
    private static final Pattern DATE_TIME = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:?\\d{2})?$");
    private static final Pattern MAC = Pattern.compile(
            "^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$|^([0-9A-Fa-f]{2}[:-]){7}([0-9A-Fa-f]{2})$"
                    + "|^([0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}$");
    private static final Pattern HEX_COLOR = Pattern.compile("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
    private static final Pattern RGB_COLOR = Pattern.compile(
            "^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,"
                    + "\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$");
    private static final Pattern SSN = Pattern.compile("^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$");
    private static final Pattern BSON_OBJECT_ID = Pattern.compile("^[0-9a-fA-F]{24}$");
    private static final Pattern GO_DURATION = Pattern.compile(
            "^[-+]?(0|(\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+$");
    private static final Pattern STRFMT_DURATION = Pattern.compile(
            "^(\\d+(\\.\\d+)?\\s*(ns|us|µs|ms|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours"
                    + "|d|day|days|w|wk|wks|week|weeks)\\s*)+$");

    private Formats() {
    }

    /** Whether apiextensions checks this format at all. */
    static boolean known(String format) {
        return switch (format) {
            case "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4",
                 "uuid5", "hexcolor", "rgbcolor", "byte", "password", "date", "duration", "date-time", "datetime",
                 "ssn", "isbn", "isbn10", "isbn13", "creditcard" -> true;
            default -> false;
        };
    }

    static boolean valid(String format, String s) {
        return switch (format) {
            case "bsonobjectid" -> BSON_OBJECT_ID.matcher(s).matches();
            case "uri" -> uri(s);
            case "email" -> EMAIL.matcher(s).matches();
            case "hostname" -> s.length() <= 255 && HOSTNAME.matcher(s).matches();
            case "ipv4" -> IpAddresses.isV4(s);
            case "ipv6" -> IpAddresses.isV6(s);
            case "cidr" -> IpAddresses.isCidr(s);
            case "mac" -> MAC.matcher(s).matches();
            case "uuid" -> UUID.matcher(s).matches();
            case "uuid3" -> UUID3.matcher(s).matches();
            case "uuid4" -> UUID4.matcher(s).matches();
            case "uuid5" -> UUID5.matcher(s).matches();
            case "hexcolor" -> HEX_COLOR.matcher(s).matches();
            case "rgbcolor" -> RGB_COLOR.matcher(s).matches();
            case "byte" -> base64(s);
            case "date" -> date(s);
            case "duration" -> GO_DURATION.matcher(s).matches() || STRFMT_DURATION.matcher(s).matches();
            case "date-time", "datetime" -> DATE_TIME.matcher(s).matches() && date(s.substring(0, 10));
            case "ssn" -> SSN.matcher(s).matches();
            default -> true;
        };
    }

    private static boolean uri(String s) {
        // Go's url.Parse is lenient: it rejects control characters and malformed percent-escapes.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= s.length() || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2))) {
                    return false;
                }
            }
        }
        return !s.startsWith(":");
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static boolean base64(String s) {
        try {
            Base64.getDecoder().decode(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean date(String s) {
        if (s.length() != 10) {
            return false;
        }
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
