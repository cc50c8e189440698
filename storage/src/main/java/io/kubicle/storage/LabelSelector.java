package io.kubicle.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector ({@code a=b,c!=d,e in (f,g),!h,i>3}). Lists push it into SQL;
 * watches evaluate it in memory with {@link #matches(Map)}. Both give the same answers.
 */
public record LabelSelector(List<Requirement> requirements) {

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN }

    /** One term of a selector; all terms must hold. */
    public record Requirement(String key, Operator operator, List<String> values) {
        public Requirement {
            values = List.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
                case GREATER_THAN -> integer(value) != null && integer(value) > Long.parseLong(values.get(0));
                case LESS_THAN -> integer(value) != null && integer(value) < Long.parseLong(values.get(0));
            };
        }

        private static Long integer(String value) {
            if (value == null || !INTEGER.matcher(value).matches()) {
                return null;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses the query-string form. Throws {@link StorageException.InvalidArgument} with a message
     * naming the offending part.
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        return new SelectorParser(text).parse();
    }

    /** Checks a label key as Kubernetes does: optional DNS prefix, '/', then a name of up to 63 characters. */
    public static String keyError(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !PREFIX.matcher(prefix).matches()) {
                return "prefix part must be a lowercase RFC 1123 subdomain";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                    + " with an alphanumeric character, and be no more than 63 characters";
        }
        return null;
    }

    /** Checks a label value: empty, or up to 63 characters of the name alphabet. */
    public static String valueError(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 63 || !NAME.matcher(value).matches()) {
            return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.',"
                    + " and must start and end with an alphanumeric character, and be no more than 63 characters";
        }
        return null;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Requirement r : requirements) {
            parts.add(switch (r.operator()) {
                case EQUALS -> r.key() + "=" + r.values().get(0);
                case NOT_EQUALS -> r.key() + "!=" + r.values().get(0);
                case IN -> r.key() + " in (" + String.join(",", r.values()) + ")";
                case NOT_IN -> r.key() + " notin (" + String.join(",", r.values()) + ")";
                case EXISTS -> r.key();
                case DOES_NOT_EXIST -> "!" + r.key();
                case GREATER_THAN -> r.key() + ">" + r.values().get(0);
                case LESS_THAN -> r.key() + "<" + r.values().get(0);
            });
        }
        return String.join(",", parts);
    }
}
