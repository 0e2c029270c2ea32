/**
 * Keyed state behind one narrow interface, with a heap backend and a RocksDB backend.
 *
 * <p>The engine keeps one value per key and store; a backend decides where it lives. The heap
 * backend keeps live objects; byte-based backends encode with the store's {@link
 * io.cepheus.core.state.StateCodec} at the store boundary and nowhere else.
 */
package io.cepheus.core.state;
