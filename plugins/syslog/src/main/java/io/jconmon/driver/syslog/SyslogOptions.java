package io.jconmon.driver.syslog;

import io.jconmon.driver.support.SizeOption;
import io.jconmon.driver.support.TagTemplate;
import io.jconmon.spi.LogDriverException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The syslog driver's options, all checked before anything is opened. See the plugin's README for
 * what each one means.
 */
record SyslogOptions(SyslogAddress address, SyslogFormat format, int facility, TagTemplate tag,
                     Framing framing, int maxLine, int bufferSize, Duration closeTimeout) {

    static final Set<String> NAMES = Set.of("path", "address", "format", "facility", "tag", "framing",
            "max-line", "buffer-size", "close-timeout");

    /** A UDP datagram carries at most 65507 bytes; the header needs up to MessageFormatter.MAX_HEADER. */
    static final int UDP_MAX_LINE = 65507 - MessageFormatter.MAX_HEADER;

    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
        "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
        "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};

    static SyslogOptions parse(Map<String, String> options, String defaultTag) throws LogDriverException {
        String addressText = options.get("address");
        if (addressText == null) {
            // -l syslog:ARG: the monitor's -l syntax cuts at every ':', so only a path fits there.
            addressText = options.getOrDefault("path", SyslogAddress.DEFAULT);
            if (options.containsKey("path") && !addressText.startsWith("/")) {
                throw new LogDriverException("syslog: -l syslog:" + addressText + " is not a socket path; give a network"
                        + " address as --log-opt syslog.address=" + addressText + "://HOST:PORT (-l cuts at every ':')");
            }
        } else if (options.containsKey("path")) {
            throw new LogDriverException("syslog: give the address either as -l syslog:PATH or as address=, not both");
        }
        SyslogAddress address = SyslogAddress.parse(addressText);

        SyslogFormat format = switch (options.getOrDefault("format", address.isLocal() ? "rfc3164" : "rfc5424")) {
            case "rfc5424" -> SyslogFormat.RFC5424;
            case "rfc3164" -> SyslogFormat.RFC3164;
            default -> throw new LogDriverException("syslog: format must be rfc5424 or rfc3164, not \""
                    + options.get("format") + "\"");
        };
        int facility = facility(options.getOrDefault("facility", "daemon"));
        TagTemplate tag;
        try {
            tag = TagTemplate.parse(options.getOrDefault("tag", defaultTag));
        } catch (IllegalArgumentException e) {
            throw new LogDriverException("syslog: tag: " + e.getMessage());
        }
        Framing framing = switch (options.getOrDefault("framing", "octet-counted")) {
            case "octet-counted" -> Framing.OCTET_COUNTED;
            case "non-transparent" -> Framing.NON_TRANSPARENT;
            default -> throw new LogDriverException("syslog: framing must be octet-counted or non-transparent, not \""
                    + options.get("framing") + "\"");
        };
        int maxLine = (int) SizeOption.parse("syslog", options, "max-line", 8192, 16, 1 << 20);
        if (address.kind() == SyslogAddress.Kind.UDP && maxLine > UDP_MAX_LINE) {
            throw new LogDriverException("syslog: max-line must be at most " + UDP_MAX_LINE
                    + " bytes over udp (a datagram holds less than 64 KiB)");
        }
        int bufferSize = (int) SizeOption.parse("syslog", options, "buffer-size", 1 << 20, 64 << 10, 16 << 20); // the monitor's heap is 64 MiB
        long closeMillis = 2000;
        if (options.containsKey("close-timeout")) {
            closeMillis = duration(options.get("close-timeout"));
        }
        return new SyslogOptions(address, format, facility, tag, framing, maxLine,
                Math.max(bufferSize, maxLine * 2), Duration.ofMillis(closeMillis));
    }

    private static int facility(String text) throws LogDriverException {
        String name = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < FACILITIES.length; i++) {
            if (FACILITIES[i].equals(name)) {
                return i;
            }
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= 23) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LogDriverException("syslog: unknown facility \"" + text + "\" (a name such as daemon, user, local0..local7, or 0-23)");
    }

    /** A duration in Go's style as Docker options use: {@code 500ms}, {@code 2s}. */
    private static long duration(String text) throws LogDriverException {
        try {
            if (text.endsWith("ms")) {
                return checkedMillis(Long.parseLong(text.substring(0, text.length() - 2)), text);
            }
            if (text.endsWith("s")) {
                return checkedMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000), text);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LogDriverException("syslog: close-timeout must be a duration such as 500ms or 2s, not \"" + text + "\"");
    }

    private static long checkedMillis(long millis, String text) throws LogDriverException {
        if (millis < 0 || millis > 60_000) {
            throw new LogDriverException("syslog: close-timeout must be between 0 and 60s, not \"" + text + "\"");
        }
        return millis;
    }
}
