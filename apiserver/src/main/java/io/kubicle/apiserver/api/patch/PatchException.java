package io.kubicle.apiserver.api.patch;

/**
 * A patch that cannot be applied: malformed, failing a JSON patch {@code test}, naming a path that
 * does not exist, or breaking strategic-merge/apply rules. The message is meant for the user, worded
 * as kube-apiserver words it where Kubernetes has a text (e.g. evanphx/json-patch's
 * {@code error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: missing value}).
 * The HTTP layer turns it into a 422 Invalid (or 400 BadRequest for undecodable patches) Status.
 */
public class PatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PatchException(String message) {
        super(message);
    }
}
