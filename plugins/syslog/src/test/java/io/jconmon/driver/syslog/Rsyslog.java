package io.jconmon.driver.syslog;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real rsyslogd (scripts/setup-host.sh installs it), started by the test with its own config:
 * every input kind the driver speaks, each on a private port or socket, and one output file whose
 * template shows the parsed fields, one message per line:
 * {@code INPUT PRI TIMESTAMP HOSTNAME APP-NAME PROCID MSGID|MSG}.
 */
final class Rsyslog implements AutoCloseable {
    final Path dir;
    final Path out;
    /** imuxsock, the special parser for what syslog(3) sends (RFC 3164 without host name). */
    final Path devLog;
    /** imuxsock with the regular parser chain, so RFC 5424 is understood. */
    final Path devLog5424;
    /** imptcp on an AF_UNIX stream socket. */
    final Path streamSocket;
    final int udpPort;
    final int tcpPort;
    private Process process;

    Rsyslog(Path dir) throws IOException {
        this(dir, "");
    }

    /** @param globals more rsyslog.conf settings, placed after the global() line */
    Rsyslog(Path dir, String globals) throws IOException {
        this.dir = dir;
        this.out = dir.resolve("out.log");
        this.devLog = dir.resolve("log.sock");
        this.devLog5424 = dir.resolve("log5424.sock");
        this.streamSocket = dir.resolve("stream.sock");
        try (DatagramSocket u = new DatagramSocket(0); ServerSocket t = new ServerSocket(0)) {
            udpPort = u.getLocalPort();
            tcpPort = t.getLocalPort();
        }
        String conf = """
                global(workDirectory="%1$s" maxMessageSize="64k")
                %8$s
                module(load="imuxsock" SysSock.Use="off")
                module(load="imudp")
                module(load="imtcp")
                module(load="imptcp")
                template(name="fields" type="string"
                         string="%%inputname%% %%PRI%% %%TIMESTAMP:::date-rfc3339%% %%HOSTNAME%% %%APP-NAME%% %%PROCID%% %%MSGID%%|%%msg%%\\n")
                input(type="imuxsock" Socket="%2$s" IgnoreTimestamp="off" UseSysTimeStamp="off")
                input(type="imuxsock" Socket="%3$s" UseSpecialParser="off" IgnoreTimestamp="off" UseSysTimeStamp="off")
                input(type="imudp" address="127.0.0.1" port="%4$d")
                input(type="imtcp" address="127.0.0.1" port="%5$d")
                input(type="imptcp" path="%6$s" unlink="on")
                action(type="omfile" file="%7$s" template="fields")
                """.formatted(dir, devLog, devLog5424, udpPort, tcpPort, streamSocket, out, globals);
        Files.writeString(dir.resolve("rsyslog.conf"), conf);
    }

    /** Starts rsyslogd and waits until every input listens. */
    Rsyslog start() throws IOException, InterruptedException {
        process = new ProcessBuilder("rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(devLog) && Files.exists(devLog5424) && Files.exists(streamSocket) && tcpListens())) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("rsyslogd did not start: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            Thread.sleep(20);
        }
        return this;
    }

    private boolean tcpListens() {
        try (var s = new java.net.Socket("127.0.0.1", tcpPort)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops rsyslogd (SIGTERM) and waits for it; its sockets are gone afterwards. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The output file's messages (lines), as bytes decoded as ISO-8859-1 so every byte survives. */
    List<String> lines() throws IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        String all = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        for (String line : all.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Waits until {@code count} output lines match, and returns them in order. */
    List<String> await(Predicate<String> matching, int count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> found = lines().stream().filter(matching).toList();
            if (found.size() >= count || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
