package io.jconmon.driver.syslog;

import io.jconmon.spi.LogDriverException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where messages go: {@code unix:///dev/log} (datagram, else stream, as syslog(3) tries),
 * {@code unixgram://PATH}, {@code unixstream://PATH}, {@code udp://HOST[:PORT]} (514) or
 * {@code tcp://HOST[:PORT]} (601, RFC 6587). A bare absolute path means {@code unix://PATH}.
 */
record SyslogAddress(Kind kind, String host, int port, String path) {

    /** The transport an address names. */
    enum Kind { UNIX, UNIXGRAM, UNIXSTREAM, UDP, TCP }

    static final String DEFAULT = "unix:///dev/log";

    static SyslogAddress parse(String text) throws LogDriverException {
        if (text.startsWith("/")) {
            return new SyslogAddress(Kind.UNIX, null, 0, text);
        }
        int sep = text.indexOf("://");
        if (sep < 0) {
            throw invalid(text, "expected SCHEME://...");
        }
        String scheme = text.substring(0, sep);
        String rest = text.substring(sep + 3);
        switch (scheme) {
            case "unix", "unixgram", "unixstream" -> {
                if (!rest.startsWith("/")) {
                    throw invalid(text, "the socket path must be absolute");
                }
                Kind kind = scheme.equals("unix") ? Kind.UNIX
                        : scheme.equals("unixgram") ? Kind.UNIXGRAM : Kind.UNIXSTREAM;
                return new SyslogAddress(kind, null, 0, rest);
            }
            case "udp", "tcp" -> {
                URI uri;
                try {
                    uri = new URI(text);
                } catch (URISyntaxException e) {
                    throw invalid(text, e.getReason());
                }
                if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())
                        || uri.getQuery() != null || uri.getUserInfo() != null) {
                    throw invalid(text, "expected " + scheme + "://HOST[:PORT]");
                }
                int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("udp") ? 514 : 601;
                if (port == 0) {
                    throw invalid(text, "port 0");
                }
                return new SyslogAddress(scheme.equals("udp") ? Kind.UDP : Kind.TCP, uri.getHost(), port, null);
            }
            default -> throw invalid(text, "unknown scheme " + scheme
                    + " (use unix, unixgram, unixstream, udp or tcp)");
        }
    }

    /** True for the local socket kinds, where RFC 3164 messages carry no host name (as syslog(3)). */
    boolean isLocal() {
        return kind == Kind.UNIX || kind == Kind.UNIXGRAM || kind == Kind.UNIXSTREAM;
    }

    /** The resolved network address; resolution happens when the driver opens. */
    InetSocketAddress inet() throws LogDriverException {
        InetSocketAddress a = new InetSocketAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
        if (a.isUnresolved()) {
            throw new LogDriverException("syslog: cannot resolve host " + host);
        }
        return a;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNIX -> "unix://" + path;
            case UNIXGRAM -> "unixgram://" + path;
            case UNIXSTREAM -> "unixstream://" + path;
            case UDP -> "udp://" + host + ":" + port;
            case TCP -> "tcp://" + host + ":" + port;
        };
    }

    private static LogDriverException invalid(String text, String why) {
        return new LogDriverException("syslog: invalid address \"" + text + "\": " + why);
    }
}
