package io.jconmon.driver.syslog;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code syslog} drivers. Options are validated and the receiver is reached here, before the
 * container starts: a wrong address or a receiver that is not there stops the container with the
 * reason, as a bad log path does.
 */
public final class SyslogDriverFactory implements LogDriverFactory {
    static final String NAME = "syslog";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> optionNames() {
        return SyslogOptions.NAMES;
    }

    @Override
    public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException {
        SyslogOptions o = SyslogOptions.parse(options, container.name().isPresent() ? "{{.Name}}" : "{{.ID}}");
        // --log-tag (Podman's --log-opt tag=...) wins over the default template, as in the journald driver.
        String tag = options.containsKey("tag") ? o.tag().expand(container)
                : container.tag().orElse(o.tag().expand(container));
        boolean withHost = o.format() == SyslogFormat.RFC5424 || !o.address().isLocal();
        MessageFormatter formatter = new MessageFormatter(o.format(), o.facility(),
                withHost ? hostName() : null, tag, ProcessHandle.current().pid(), ZoneId.systemDefault());
        SyslogTransport transport = transport(o, context);
        return new SyslogDriver(transport, formatter, o.maxLine(), o.closeTimeout(), context);
    }

    private static SyslogTransport transport(SyslogOptions o, DriverContext context) throws LogDriverException {
        SyslogAddress a = o.address();
        int maxMessage = MessageFormatter.MAX_HEADER + o.maxLine();
        switch (a.kind()) {
            case UDP -> {
                return new UdpTransport(a.inet(), a.toString(), context);
            }
            case TCP -> {
                return connected(new StreamTransport(a.inet(), a.toString(), o.framing(), o.bufferSize(), context));
            }
            case UNIXSTREAM -> {
                return connected(new StreamTransport(UnixDomainSocketAddress.of(a.path()), a.toString(), o.framing(),
                        o.bufferSize(), context));
            }
            default -> {
                try {
                    return new UnixDatagramTransport(UnixDatagramSocket.connect(a.path(), maxMessage), a.path(),
                            maxMessage, context);
                } catch (UnixDatagramSocket.ErrnoException e) {
                    if (a.kind() == SyslogAddress.Kind.UNIX && e.errno == UnixDatagramSocket.EPROTOTYPE) {
                        // A stream socket: syslog(3) falls back the same way.
                        return connected(new StreamTransport(UnixDomainSocketAddress.of(a.path()), a.toString(),
                                o.framing(), o.bufferSize(), context));
                    }
                    throw new LogDriverException("syslog: cannot connect to " + a + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static StreamTransport connected(StreamTransport transport) throws LogDriverException {
        transport.connectNow(CONNECT_TIMEOUT);
        return transport;
    }

    /** The kernel's host name, without a DNS lookup (which could stall the container's start). */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return name.isEmpty() ? "-" : name;
        } catch (IOException e) {
            return "-";
        }
    }
}
