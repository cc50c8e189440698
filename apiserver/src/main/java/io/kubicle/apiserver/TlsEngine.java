package io.kubicle.apiserver;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation serves the API. BoringSSL (netty-tcnative, bundled for Linux and macOS on x86-64 and
 * arm64) does a handshake's elliptic-curve work many times faster than the JDK's Java code, and every new
 * connection pays it: a CI job's first {@code kubectl get} against a fresh workspace is mostly handshake.
 * Where the native library cannot load, the JDK's engine serves instead; {@code -Dkubicle.tls.engine=jdk} forces it.
 */
final class TlsEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TlsEngine.class);

    private TlsEngine() {
    }

    static SSLEngineOptions preferred() {
        if (!"jdk".equals(System.getProperty("kubicle.tls.engine")) && OpenSSLEngineOptions.isAvailable()) {
            LOG.debug("TLS by {}", io.netty.handler.ssl.OpenSsl.versionString());
            return new OpenSSLEngineOptions();
        }
        if ("jdk".equals(System.getProperty("kubicle.tls.engine"))) {
            LOG.info("TLS by the JDK, as -Dkubicle.tls.engine=jdk asks");
        } else {
            LOG.info("TLS by the JDK: BoringSSL is unavailable here ({})", io.netty.handler.ssl.OpenSsl.unavailabilityCause().toString());
        }
        return new JdkSSLEngineOptions();
    }
}
