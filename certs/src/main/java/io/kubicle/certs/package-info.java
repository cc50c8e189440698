/**
 * Kubicle's private PKI: one certificate authority that issues the API server's serving
 * certificate and the client certificates kubectl authenticates with, plus kubeconfig rendering.
 *
 * <p>Follows the ideas of Kubernetes {@code pkg/controller/certificates/authority}: every issuance
 * policy (key usages, lifetimes, clock-skew back-dating, serial entropy) lives in this package so
 * callers cannot issue a certificate that the API server would later refuse. Cryptography is kept
 * free of file I/O; only {@link io.kubicle.certs.PkiDirectory} touches the file system.
 */
package io.kubicle.certs;
