package io.kubicle.apiserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerErrorTest {
    @Test
    void aStatusIsShownAsKubectlShowsIt() {
        ServerError e = ServerError.of(404, """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"workspaces.tenancy.kubicle.io \\"x\\" not found","reason":"NotFound","code":404}""");
        assertEquals("Error from server (NotFound): workspaces.tenancy.kubicle.io \"x\" not found", e.getMessage());
        assertEquals(404, e.code());
        assertEquals(1, e.exitCode());
    }

    @Test
    void unauthorizedSaysToLogIn() {
        assertEquals("error: You must be logged in to the server (Unauthorized)", ServerError.of(401,
                "{\"kind\":\"Status\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}").getMessage());
    }

    @Test
    void aStatusWithoutReasonHasNoParentheses() {
        assertEquals("Error from server: boom", ServerError.of(500, "{\"kind\":\"Status\",\"message\":\"boom\"}").getMessage());
    }

    @Test
    void anythingElseShowsTheCodeAndTheStartOfTheBody() {
        assertEquals("Error from server: HTTP 502: Bad Gateway", ServerError.of(502, "Bad Gateway\n").getMessage());
        assertEquals("Error from server: HTTP 503", ServerError.of(503, "").getMessage());
        assertEquals(300 + "Error from server: HTTP 500: ...".length(), ServerError.of(500, "x".repeat(1000)).getMessage().length());
    }
}
