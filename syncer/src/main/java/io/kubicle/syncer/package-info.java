/**
 * The syncer: maps tenant Pods, Services and what they reference into a host cluster and maps
 * status back. It talks to Kubicle over the Kubernetes HTTP API only (operator credential) and to the
 * host with the fabric8 client; it never reads Postgres. Entry point: {@link io.kubicle.syncer.SyncerCommand}.
 */
package io.kubicle.syncer;
