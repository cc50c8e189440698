package io.kubicle.storage;

/**
 * A list call. {@code limit <= 0} means everything. {@code atRevision > 0} reads the scope as it
 * was at that revision (Kubernetes' resourceVersionMatch=Exact); 0 reads the latest state.
 * {@code continueToken} comes from a previous {@link ListResult} and overrides {@code atRevision}.
 */
public record ListRequest(ResourceScope scope, LabelSelector selector, int limit, String continueToken,
                          long atRevision) {

    public ListRequest {
        selector = selector == null ? LabelSelector.EVERYTHING : selector;
    }

    public static ListRequest all(ResourceScope scope) {
        return new ListRequest(scope, LabelSelector.EVERYTHING, 0, null, 0);
    }

    public ListRequest withLimit(int newLimit) {
        return new ListRequest(scope, selector, newLimit, continueToken, atRevision);
    }

    public ListRequest withContinue(String token) {
        return new ListRequest(scope, selector, limit, token, atRevision);
    }

    public ListRequest withSelector(LabelSelector newSelector) {
        return new ListRequest(scope, newSelector, limit, continueToken, atRevision);
    }
}
