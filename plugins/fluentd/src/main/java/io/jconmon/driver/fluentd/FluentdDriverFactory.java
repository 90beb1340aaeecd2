package io.jconmon.driver.fluentd;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Opens {@code fluentd} drivers. Options are validated and the server is reached here, before the
 * container starts, unless {@code async=true}: a wrong address or a server that is not there stops
 * the container with the reason, as Docker's fluentd driver does by default.
 */
public final class FluentdDriverFactory implements LogDriverFactory {
    static final String NAME = "fluentd";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> optionNames() {
        return FluentdOptions.NAMES;
    }

    @Override
    public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException {
        FluentdOptions o = FluentdOptions.parse(options);
        String tag = o.tag().expand(container);
        if (tag.isEmpty()) {
            throw new LogDriverException("fluentd: the tag is empty for this container");
        }
        ForwardSender sender = new ForwardSender(o.socketAddress(), o.address(), o.requireAck(), o.ackTimeout(),
                o.bufferSize(), context);
        if (!o.async()) {
            sender.connectNow(CONNECT_TIMEOUT);
        }
        // Chunk ids need uniqueness, not secrecy: a seeded generator spares the start-up cost of SecureRandom.
        ChunkBuilder chunk = new ChunkBuilder(container, tag, o.packedForward(), o.requireAck(),
                new SplittableRandom(System.nanoTime() ^ ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L));
        return new FluentdDriver(sender, chunk, o.maxLine(), o.chunkSize(), o.closeTimeout(), context);
    }
}
