package io.kubicle.apiserver.api;

/**
 * One validation failure, shaped like k8s.io/apimachinery/pkg/util/validation/field.Error so that
 * messages read exactly as kube-apiserver's: {@code metadata.name: Invalid value: "X": detail}.
 *
 * @param type one of the constants below (also the Status cause reason)
 * @param field the path, e.g. "spec.containers[0].image"
 * @param badValue the offending value rendered as kube does (null when not shown)
 * @param detail human explanation (may be empty)
 */
public record FieldError(String type, String field, String badValue, String detail) {
    public static final String REQUIRED = "FieldValueRequired";
    public static final String INVALID = "FieldValueInvalid";
    public static final String NOT_SUPPORTED = "FieldValueNotSupported";
    public static final String DUPLICATE = "FieldValueDuplicate";
    public static final String FORBIDDEN = "FieldValueForbidden";
    public static final String NOT_FOUND = "FieldValueNotFound";
    public static final String TOO_LONG = "FieldValueTooLong";
    public static final String TOO_MANY = "FieldValueTooMany";
    public static final String TYPE_INVALID = "FieldValueTypeInvalid";

    public static FieldError required(String field, String detail) {
        return new FieldError(REQUIRED, field, null, detail);
    }

    public static FieldError invalid(String field, String badValue, String detail) {
        return new FieldError(INVALID, field, badValue, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(FORBIDDEN, field, null, detail);
    }

    public static FieldError notSupported(String field, String badValue, java.util.List<String> supported) {
        StringBuilder sb = new StringBuilder("supported values: ");
        for (int i = 0; i < supported.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(supported.get(i)).append('"');
        }
        return new FieldError(NOT_SUPPORTED, field, badValue, sb.toString());
    }

    /** The text after the field path, as Kubernetes renders it ("Invalid value: \"x\": detail"). */
    public String describe() {
        String what = switch (type) {
            case REQUIRED -> "Required value";
            case INVALID -> "Invalid value";
            case NOT_SUPPORTED -> "Unsupported value";
            case DUPLICATE -> "Duplicate value";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not found";
            case TOO_LONG -> "Too long";
            case TOO_MANY -> "Too many";
            case TYPE_INVALID -> "Invalid value";
            default -> "Invalid value";
        };
        StringBuilder sb = new StringBuilder(what);
        if (badValue != null) {
            sb.append(": ").append(badValue);
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    /** "field: Invalid value: ..." — one entry of the Status message. */
    @Override
    public String toString() {
        return field + ": " + describe();
    }
}
