package io.kubicle.certs;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA provider for Kubicle's own elliptic-curve work: key pairs, certificate signatures and their checks,
 * ServiceAccount token signatures. BouncyCastle's P-256 (a fixed-point comb for the generator, a dedicated field)
 * signs and verifies several times faster than the JDK 17 provider's generic arithmetic, and provisioning a
 * workspace is mostly such work. The instance is used directly, never registered, so nothing else in the JVM
 * changes providers.
 */
public final class CryptoProvider {
    private static final Provider BC = new BouncyCastleProvider();

    private CryptoProvider() {
    }

    public static Provider get() {
        return BC;
    }
}
