package io.jconmon.driver.fluentd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The spec-built {@link ForwardServer} in a JVM of its own, for tests that measure the test JVM's
 * heap (what the server stores must not count as the driver's). It prints its port; each line
 * {@code dump ID PATH} on its stdin writes the events of container ID to PATH, one per line:
 * {@code SOURCE PARTIAL HEX(LOG)}, then answers {@code done}.
 */
final class ForwardServerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;
    final int port;

    /** One event as dumped. */
    record Event(String source, boolean partial, byte[] log) {}

    ForwardServerProcess() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ForwardServerProcess.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the forward server process did not start");
        }
        port = Integer.parseInt(line.strip());
    }

    /** The events of container {@code id} the server received so far, in order. */
    List<Event> events(String id, Path scratch) throws IOException {
        in.println("dump " + id + " " + scratch);
        if (!"done".equals(out.readLine())) {
            throw new IOException("the forward server process did not answer");
        }
        List<Event> events = new ArrayList<>();
        for (String line : Files.readAllLines(scratch)) {
            String[] f = line.split(" ", -1);
            events.add(new Event(f[0], Boolean.parseBoolean(f[1]), HexFormat.of().parseHex(f[2])));
        }
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        try (ForwardServer server = ForwardServer.tcp(0, true)) {
            System.out.println(server.port());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            while ((command = commands.readLine()) != null) {
                String[] c = command.split(" ");
                try (OutputStream file = Files.newOutputStream(Path.of(c[2]))) {
                    for (ForwardServer.Event e : server.events()) {
                        if (c[1].equals(e.field("container_id"))) {
                            file.write((e.field("source") + " " + "true".equals(e.field("partial_message")) + " "
                                    + HexFormat.of().formatHex(e.logBytes()) + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
                System.out.println("done");
            }
        }
    }
}
