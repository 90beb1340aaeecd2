package io.jconmon.core.plugins;

/** One-line descriptions of what a plugin threw, for reports that name a path and a cause. */
final class Failures {
    private static final int MAX_CAUSES = 8;

    private Failures() {}

    /** {@code Type: message; caused by Type: message ...}, down to the root cause. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(text(t));
        Throwable c = t.getCause();
        for (int i = 0; c != null && i < MAX_CAUSES; i++, c = c.getCause()) {
            sb.append("; caused by ").append(text(c));
        }
        return sb.toString();
    }

    private static String text(Throwable t) {
        if (t instanceof io.jconmon.spi.LogDriverException && t.getMessage() != null) {
            return t.getMessage(); // phrased for users by the SPI's contract
        }
        // JDK types by simple name (ServiceConfigurationError), plugin types in full.
        String type = t.getClass().getName().startsWith("java.") ? t.getClass().getSimpleName() : t.getClass().getName();
        return t.getMessage() == null ? type : type + ": " + t.getMessage();
    }
}
