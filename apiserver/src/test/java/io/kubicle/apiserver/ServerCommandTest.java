package io.kubicle.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the flags of {@code kubicle server} turn into. */
class ServerCommandTest {
    private static ServerConfig parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void expiredTokenRecordsAreSweptEveryFewMinutesUnlessToldOtherwise() {
        if (System.getenv("KUBICLE_TOKEN_SWEEP_INTERVAL") == null) {
            assertEquals(Duration.ofMinutes(5), parse().tokenSweepInterval());
        }
        assertEquals(Duration.ofSeconds(30), parse("--token-sweep-interval", "30s").tokenSweepInterval());
        assertEquals(Duration.ofMinutes(90), parse("--token-sweep-interval=1h30m").tokenSweepInterval());
    }
}
