package io.kubicle.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SerialNumberTest {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    @Test
    void serialsAreDistinctPositiveAndFarApart() {
        CertificateAuthority authority = CertificateAuthority.create("kubicle-ca", Duration.ofDays(1));
        List<BigInteger> serials = new ArrayList<>();
        serials.add(authority.certificate().getSerialNumber());
        serials.add(CertificateAuthority.create("kubicle-ca", Duration.ofDays(1)).certificate().getSerialNumber());
        for (int i = 0; i < 40; i++) {
            serials.add(authority.issue(CertificateRequest.client("u" + i, List.of(), Duration.ofDays(1)))
                    .certificate().getSerialNumber());
        }

        TreeSet<BigInteger> sorted = new TreeSet<>(serials);
        assertEquals(serials.size(), sorted.size(), "serials must be unique");
        for (BigInteger serial : serials) {
            assertTrue(serial.signum() > 0, "positive");
            assertTrue(serial.bitLength() >= 64 && serial.bitLength() <= SerialNumbers.BITS, () -> serial.toString(16));
        }
        // Counters or timestamps give close serials; independent random 128-bit ones never are.
        BigInteger previous = null;
        for (BigInteger serial : sorted) {
            if (previous != null) {
                assertTrue(serial.subtract(previous).compareTo(TWO_TO_64) > 0, "serials look sequential");
            }
            previous = serial;
        }
    }
}
