package io.jconmon.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the monitor knows about its container, computed once and shared by every driver. */
public interface ContainerInfo {

    /** The container id ({@code --cid}). */
    String id();

    /** The first 12 characters of {@link #id()}, as journald's {@code CONTAINER_ID}. */
    default String shortId() {
        String id = id();
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** The container (or exec session) UUID ({@code --cuuid}), if given. */
    Optional<String> uuid();

    /** The container name ({@code --name}), if given. */
    Optional<String> name();

    /** The log tag ({@code --log-tag}), if given. */
    Optional<String> tag();

    /** Labels for the log ({@code --log-label KEY=VALUE}), in command-line order. */
    Map<String, String> labels();

    /** The OCI bundle directory, if any. */
    Optional<Path> bundle();

    /** True when this monitor runs an exec session rather than the container itself. */
    boolean isExec();

    /** True when the container has a terminal: all output arrives as {@link LogStream#STDOUT}. */
    boolean isTerminal();
}
