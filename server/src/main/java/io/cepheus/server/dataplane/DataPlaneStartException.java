package io.cepheus.server.dataplane;

/** The data plane cannot start: its rules do not compile, a topic cannot be read, or Kafka Streams fails to start. */
public final class DataPlaneStartException extends RuntimeException {

    public DataPlaneStartException(String message) {
        super(message);
    }

    public DataPlaneStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
