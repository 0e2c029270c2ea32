package io.cepheus.server.control;

/** Who wrote a definition to the control topic. */
public final class Origins {

    /** A rules directory applied at start ({@code serve --rules DIR}); only these are deleted when their file goes. */
    public static final String FILES = "files";

    /** The REST API. */
    public static final String API = "api";

    private Origins() {}
}
