package io.jconmon.spi;

import java.util.Map;
import java.util.Set;

/** Opens drivers of one kind, named by {@link #name()}: the name users select with {@code -l name:arg}. */
public interface LogDriverFactory {

    /** The driver's name, such as {@code k8s-file}. Unique among all loaded drivers. */
    String name();

    /**
     * The option keys this driver accepts. The host rejects any other key before {@link #open}
     * is called, with an error naming the driver and the option. The keys {@code mode},
     * {@code max-buffer-size} and {@code watchdog} are the host's own delivery options, valid for
     * every driver and never passed to it: a driver must not declare them.
     */
    default Set<String> optionNames() {
        return Set.of();
    }

    /**
     * Opens a driver for one container. Called before the container starts, so a failure here
     * stops the container with the exception's message and nothing is lost.
     *
     * @param container what is known about the container
     * @param options validated options: keys are a subset of {@link #optionNames()}; for
     *     {@code -l name:arg} the {@code arg} part arrives as option {@code path}
     * @param context host services for this driver
     * @throws LogDriverException when the options are invalid or the output cannot be opened
     */
    LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException;
}
