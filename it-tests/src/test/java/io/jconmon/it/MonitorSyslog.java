package io.jconmon.it;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a monitor reported about one container through {@code --syslog} after detaching
 * (conmon-interface.md §2.14): its lines in the host journal (/dev/log is journald's here),
 * {@code SYSLOG_IDENTIFIER=conmon}, message {@code conmon <first 20 chars of the id> : <text>}.
 */
final class MonitorSyslog {
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final Pattern DROPPED = Pattern.compile("log driver (\\S+) dropped (.*)$");
    private static final Pattern COUNT = Pattern.compile("(\\d+) records \\((\\d+) bytes\\) from (stdout|stderr)");

    private MonitorSyslog() {}

    /** The texts of the monitor's syslog lines for container {@code id} since {@code since}. */
    static List<String> lines(String id, Instant since) throws Exception {
        String prefix = "conmon " + id.substring(0, Math.min(20, id.length())) + " : ";
        Host.Result r = Host.exec(List.of("journalctl", "--no-pager", "-o", "cat", "SYSLOG_IDENTIFIER=conmon",
                "--since", SINCE.format(since.minusSeconds(2))), 60);
        List<String> out = new ArrayList<>();
        for (String l : r.stdout().split("\n")) {
            if (l.startsWith(prefix)) {
                out.add(l.substring(prefix.length()));
            }
        }
        return out;
    }

    /** Records the monitor reported dropped by {@code driver} (0 if it reported none), waiting up to 5 s for the report. */
    static long droppedRecords(String id, Instant since, String driver) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            for (String l : lines(id, since)) {
                Matcher m = DROPPED.matcher(l);
                if (m.find() && m.group(1).equals(driver)) {
                    long total = 0;
                    Matcher c = COUNT.matcher(m.group(2));
                    while (c.find()) {
                        total += Long.parseLong(c.group(1));
                    }
                    return total;
                }
            }
            if (System.nanoTime() > deadline) {
                return 0;
            }
            Thread.sleep(200);
        }
    }
}
