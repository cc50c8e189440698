package io.kubicle.apiserver.admission;

/** One failed Pod Security Standards check: its short reason and, optionally, which fields broke it. */
public record PolicyViolation(String reason, String detail) {

    @Override
    public String toString() {
        return detail == null || detail.isEmpty() ? reason : reason + " (" + detail + ")";
    }
}
