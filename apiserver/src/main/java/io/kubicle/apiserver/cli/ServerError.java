package io.kubicle.apiserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An error answer from the server, shown as kubectl shows one (kubectl's StandardErrorMessage):
 * {@code Error from server (Reason): message} with the message of the Kubernetes Status in the body,
 * and for Unauthorized {@code error: You must be logged in to the server (message)}.
 */
final class ServerError extends CliFailure {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int code;
    private final String reason;

    private ServerError(int code, String reason, String message) {
        super(text(reason, message));
        this.code = code;
        this.reason = reason;
    }

    private static String text(String reason, String message) {
        if (reason.equals("Unauthorized")) {
            return "error: You must be logged in to the server (" + message + ")";
        }
        return reason.isEmpty() ? "Error from server: " + message : "Error from server (" + reason + "): " + message;
    }

    static ServerError of(int code, String body) {
        JsonNode status = null;
        try {
            status = JSON.readTree(body);
        } catch (Exception e) {
            // not a Status: fall through to the raw body
        }
        if (status != null && "Status".equals(status.path("kind").asText()) && status.hasNonNull("message")) {
            return new ServerError(code, status.path("reason").asText(""), status.path("message").asText());
        }
        String text = body == null ? "" : body.strip();
        if (text.length() > 300) {
            text = text.substring(0, 300) + "...";
        }
        return new ServerError(code, "", "HTTP " + code + (text.isEmpty() ? "" : ": " + text));
    }

    int code() {
        return code;
    }

    String reason() {
        return reason;
    }
}
