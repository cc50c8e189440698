/**
 * The syncer: maps tenant Pods, Services and what they reference into a host cluster and maps
 * status back. It talks to Kubicle over the Kubernetes HTTP API only and never reads Postgres.
 * Built in a later issue; the module exists now so the one-way module arrows are fixed from day one.
 */
package io.kubicle.syncer;
