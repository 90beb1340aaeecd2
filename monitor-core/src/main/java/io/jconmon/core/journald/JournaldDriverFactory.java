package io.jconmon.core.journald;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.util.Map;
import java.util.Set;

/**
 * Opens the {@code journald} driver. It lives in the core, not in plugins/, because it needs a
 * datagram AF_UNIX socket, which java.base does not offer and the SPI does not (yet) provide.
 * Options: {@code partial-message} (false = conmon's {@code --no-container-partial-message}),
 * {@code priority} ({@code stream}, the default: PRIORITY 6 for stdout and 3 for stderr, which is
 * all Podman 4.3's reader accepts, a line's {@code <D>} prefix kept and copied to
 * {@code CONTAINER_PRIORITY}; or {@code prefix}: conmon 2.2's PRIORITY = D with the prefix cut),
 * {@code socket} (the journal socket, for tests).
 */
public final class JournaldDriverFactory implements LogDriverFactory {
    @Override
    public String name() {
        return "journald";
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("path", "partial-message", "priority", "socket");
    }

    @Override
    public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException {
        String partial = options.getOrDefault("partial-message", "true");
        if (!partial.equals("true") && !partial.equals("false")) {
            throw new LogDriverException("journald: option partial-message: not true or false: \"" + partial + "\"");
        }
        String priority = options.getOrDefault("priority", "stream");
        if (!priority.equals("stream") && !priority.equals("prefix")) {
            throw new LogDriverException("journald: option priority: not stream or prefix: \"" + priority + "\"");
        }
        return new JournaldDriver(container, context, options.getOrDefault("socket", JournaldDriver.SOCKET),
                partial.equals("true"), priority.equals("prefix"));
    }
}
