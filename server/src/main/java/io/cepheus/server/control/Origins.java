package io.cepheus.server.control;

/** Who wrote a definition to the control topic. */
public final class Origins {

    /** A rules directory applied at start ({@code serve --rules DIR}); only these are deleted when their file goes. */
    public static final String FILES = "files";

    /** The demo's example rules ({@code serve --demo}); a rules directory never deletes them. */
    public static final String DEMO = "demo";

    /** The REST API. */
    public static final String API = "api";

    private Origins() {}
}
