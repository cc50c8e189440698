package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Status;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlindWritesTest {
    @Test
    void aRefusalKeepsTheServersCodeAndWords() {
        Status status = BlindWrites.status(422, ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":422,"
                + "\"reason\":\"Invalid\",\"message\":\"Pod \\\"p\\\" is invalid: spec.containers: Required value\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(422, status.getCode());
        assertEquals("Invalid", status.getReason());
        assertEquals("Pod \"p\" is invalid: spec.containers: Required value", status.getMessage());
    }

    @Test
    void anAnswerThatIsNoStatusStillCarriesTheCode() {
        Status status = BlindWrites.status(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertEquals(502, status.getCode());
        assertEquals("the server answered 502: <html>Bad Gateway</html>", status.getMessage());
        assertEquals(403, BlindWrites.status(403, new byte[0]).getCode());
    }
}
