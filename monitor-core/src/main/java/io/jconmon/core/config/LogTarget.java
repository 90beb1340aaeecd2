package io.jconmon.core.config;

/**
 * One {@code -l/--log-path} value after conmon's parsing (conmon-interface.md §5.1).
 *
 * @param driver the driver name: {@code k8s-file}, {@code journald}, {@code passthrough} or {@code none}
 * @param path the path part ({@code k8s-file}); null when the driver takes none
 */
public record LogTarget(String driver, String path) {
    public static final String K8S_FILE = "k8s-file";
    public static final String JOURNALD = "journald";
    public static final String PASSTHROUGH = "passthrough";
    public static final String NONE = "none";
}
