/**
 * The jconmon log-driver SPI, version {@value io.jconmon.spi.SpiVersion#CURRENT}.
 *
 * <p>This package is the one contract that drivers are built against, built-in and third-party alike.
 * It depends on {@code java.base} only. A driver jar provides a {@link io.jconmon.spi.LogDriverPlugin}
 * through {@link java.util.ServiceLoader} ({@code META-INF/services/io.jconmon.spi.LogDriverPlugin});
 * the plugin hands out {@link io.jconmon.spi.LogDriverFactory factories}, each named after the driver
 * it opens ({@code k8s-file}, {@code json-file}, ...). The monitor opens a driver per container and feeds
 * it {@link io.jconmon.spi.LogRecord records} on its single event-loop thread.
 *
 * <p>Compatibility rule: released signatures never change. New capabilities arrive as default methods
 * or as new opt-in interfaces, and {@link io.jconmon.spi.SpiVersion#CURRENT} is raised when they do.
 */
package io.jconmon.spi;
