package io.jconmon.driver.fluentd;

import io.jconmon.driver.support.SizeOption;
import io.jconmon.driver.support.TagTemplate;
import io.jconmon.spi.LogDriverException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The fluentd driver's options, all checked before anything opens; the README explains each. */
record FluentdOptions(String address, boolean unix, String host, int port, String socketPath,
                      TagTemplate tag, boolean packedForward, boolean requireAck, Duration ackTimeout,
                      int bufferSize, int chunkSize, int maxLine, boolean async, Duration closeTimeout) {

    static final Set<String> NAMES = Set.of("path", "address", "tag", "forward-mode", "require-ack", "ack-timeout",
            "buffer-size", "chunk-size", "max-line", "async", "close-timeout");
    static final int DEFAULT_PORT = 24224;

    static FluentdOptions parse(Map<String, String> options) throws LogDriverException {
        String address = options.get("address");
        if (address == null) {
            // -l fluentd:ARG: the monitor's -l syntax cuts at every ':', so only a socket path fits there.
            address = options.containsKey("path") ? "unix://" + options.get("path") : "localhost:" + DEFAULT_PORT;
            if (options.containsKey("path") && !options.get("path").startsWith("/")) {
                throw new LogDriverException("fluentd: -l fluentd:" + options.get("path") + " is not a socket path; give a"
                        + " network address as --log-opt fluentd.address=HOST:PORT (-l cuts at every ':')");
            }
        } else if (options.containsKey("path")) {
            throw new LogDriverException("fluentd: give the address either as -l fluentd:PATH or as address=, not both");
        }
        boolean unix;
        String host = null;
        String socketPath = null;
        int port = 0;
        if (address.startsWith("unix://")) {
            unix = true;
            socketPath = address.substring("unix://".length());
            if (!socketPath.startsWith("/")) {
                throw new LogDriverException("fluentd: invalid address \"" + address + "\": the socket path must be absolute");
            }
        } else if (address.startsWith("/")) {
            unix = true;
            socketPath = address;
            address = "unix://" + address;
        } else {
            unix = false;
            String text = address.contains("://") ? address : "tcp://" + address;
            try {
                URI uri = new URI(text);
                if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null
                        || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null) {
                    throw new URISyntaxException(text, "expected [tcp://]HOST[:PORT] or unix:///PATH");
                }
                host = uri.getHost();
                port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
                if (port == 0) {
                    throw new URISyntaxException(text, "port 0");
                }
            } catch (URISyntaxException e) {
                throw new LogDriverException("fluentd: invalid address \"" + address + "\": " + e.getReason());
            }
            address = "tcp://" + host + ":" + port;
        }
        TagTemplate tag;
        try {
            tag = TagTemplate.parse(options.getOrDefault("tag", "{{.ID}}"));
        } catch (IllegalArgumentException e) {
            throw new LogDriverException("fluentd: tag: " + e.getMessage());
        }
        // Not "mode": that is the host's delivery option, valid for every driver.
        boolean packed = switch (options.getOrDefault("forward-mode", "forward")) {
            case "forward" -> false;
            case "packed-forward" -> true;
            default -> throw new LogDriverException("fluentd: forward-mode must be forward or packed-forward, not \""
                    + options.get("forward-mode") + "\"");
        };
        boolean requireAck = bool(options, "require-ack", false);
        boolean async = bool(options, "async", false);
        Duration ackTimeout = duration(options, "ack-timeout", Duration.ofSeconds(10));
        Duration closeTimeout = duration(options, "close-timeout", Duration.ofSeconds(2));
        int bufferSize = (int) SizeOption.parse("fluentd", options, "buffer-size", 1 << 20, 64 << 10, 16 << 20); // the monitor's heap is 64 MiB
        int chunkSize = (int) SizeOption.parse("fluentd", options, "chunk-size", 64 << 10, 1 << 10, 8 << 20);
        int maxLine = (int) SizeOption.parse("fluentd", options, "max-line", 16 << 10, 16, 1 << 20);
        if (chunkSize > bufferSize / 2) {
            throw new LogDriverException("fluentd: chunk-size (" + chunkSize + ") must be at most half of buffer-size ("
                    + bufferSize + ")");
        }
        return new FluentdOptions(address, unix, host, port, socketPath, tag, packed, requireAck, ackTimeout,
                bufferSize, chunkSize, maxLine, async, closeTimeout);
    }

    /** Where to connect; a host name is resolved here, when the driver opens. */
    SocketAddress socketAddress() throws LogDriverException {
        if (unix) {
            return UnixDomainSocketAddress.of(socketPath);
        }
        InetSocketAddress a = new InetSocketAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
        if (a.isUnresolved()) {
            throw new LogDriverException("fluentd: cannot resolve host " + host);
        }
        return a;
    }

    private static boolean bool(Map<String, String> options, String key, boolean byDefault) throws LogDriverException {
        String v = options.get(key);
        if (v == null) {
            return byDefault;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new LogDriverException("fluentd: " + key + " must be true or false, not \"" + v + "\"");
        };
    }

    /** A duration as Docker options write them: {@code 500ms}, {@code 2s}, {@code 1m}. */
    private static Duration duration(Map<String, String> options, String key, Duration byDefault)
            throws LogDriverException {
        String v = options.get(key);
        if (v == null) {
            return byDefault;
        }
        try {
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            } else {
                throw new NumberFormatException(v);
            }
            if (!d.isNegative() && d.compareTo(Duration.ofMinutes(10)) <= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LogDriverException("fluentd: " + key + " must be a duration between 0 and 10m such as 500ms or 2s, not \""
                + v + "\"");
    }
}
