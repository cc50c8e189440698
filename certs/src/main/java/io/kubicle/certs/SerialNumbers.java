package io.kubicle.certs;

import java.math.BigInteger;

/**
 * Certificate serial numbers. Random 128-bit values, as Kubernetes' certificate authority uses:
 * unpredictable serials defeat chosen-prefix collision attacks on the signature and need no
 * persisted counter, and 128 bits keeps collisions out of reach (RFC 5280 allows up to 20 octets).
 */
final class SerialNumbers {
    static final int BITS = 128;

    private SerialNumbers() {
    }

    static BigInteger random() {
        BigInteger serial;
        do {
            serial = new BigInteger(BITS, KeyPairs.RANDOM);
        } while (serial.signum() == 0); // RFC 5280: serial numbers must be positive
        return serial;
    }
}
