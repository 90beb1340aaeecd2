package io.jconmon.core.cli;

import java.nio.file.Path;

/** What command-line validation needs from the host, so that tests do not depend on the machine. */
public interface Environment {

    /** The working directory (conmon's getcwd), or null when it cannot be determined. */
    String cwd();

    /** {@code access(path, X_OK) == 0}; a searchable directory passes, as in conmon (§1.2 {@code --runtime}). */
    boolean isExecutable(Path path);

    /** The strerror text explaining why {@link #isExecutable} failed, e.g. {@code No such file or directory}. */
    String accessError(Path path);

    /**
     * True when a log driver beyond conmon's own (k8s-file, journald, passthrough, none) is
     * installed under {@code name}, so that {@code -l name:arg} selects it. None by default.
     *
     * @param pluginsDir the {@code --plugins-dir} value, or null when not given: where plugins.d
     *     drivers are looked for (the host resolves the default)
     */
    default boolean hasLogDriver(String name, String pluginsDir) {
        return false;
    }

    /** The real host. */
    static Environment system() {
        return SystemEnvironment.INSTANCE;
    }
}
