/**
 * shardgate as a MySQL client: authenticated connections to backend servers.
 *
 * <p>{@link io.shardgate.proxy.backend.BackendConnector} opens a
 * {@link io.shardgate.proxy.backend.BackendConnection} on the caller's event loop;
 * {@link io.shardgate.proxy.backend.BackendConnection#execute} sends one command and streams the
 * response, each packet labelled by the pure {@link io.shardgate.proxy.backend.ResponseTracker},
 * to a {@link io.shardgate.proxy.backend.ResponseHandler}. Pooling lives elsewhere; this package
 * knows one connection at a time.
 */
package io.shardgate.proxy.backend;
