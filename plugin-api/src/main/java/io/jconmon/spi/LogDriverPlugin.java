package io.jconmon.spi;

/**
 * The entry point of a driver jar, found with {@link java.util.ServiceLoader}. List the
 * implementing class in {@code META-INF/services/io.jconmon.spi.LogDriverPlugin}.
 *
 * <p>New extension points will be added as default methods, so existing plugins keep working.
 */
public interface LogDriverPlugin {

    /** The driver factories this plugin provides. Called once, when the plugin is loaded. */
    Iterable<LogDriverFactory> driverFactories();
}
