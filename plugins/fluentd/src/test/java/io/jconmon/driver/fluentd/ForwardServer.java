package io.jconmon.driver.fluentd;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Forward-protocol server for the tests, built from the published specification (Fluentd
 * Forward Protocol Specification v1) and nothing else: it accepts the Message, Forward and
 * PackedForward modes, EventTime or integer times, and answers {@code {"ack": chunk}} when a
 * request carries the {@code chunk} option, unless told never to. What it received is recorded.
 */
final class ForwardServer implements AutoCloseable {
    /** One event as received. */
    record Event(String tag, long seconds, long nanos, Map<Object, Object> record, String chunk, int connection) {
        /** A record field as text. */
        String field(String key) {
            Object v = record.get(new MsgPackReader.Str(key.getBytes(StandardCharsets.UTF_8)));
            return v == null ? null : v.toString();
        }

        byte[] logBytes() {
            return ((MsgPackReader.Str) record.get(new MsgPackReader.Str("log".getBytes(StandardCharsets.UTF_8)))).bytes;
        }
    }

    /** One request as received: the mode, its option map, and the connection number. */
    record Request(String mode, Map<Object, Object> option, int connection, int entriesFormat) {}

    private final ServerSocketChannel server;
    private final boolean ack;
    private final List<Event> events = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<SocketChannel> clients = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Thread acceptor;
    private int connections;

    private final SocketAddress local;

    private ForwardServer(ServerSocketChannel server, boolean ack) throws IOException {
        this.server = server;
        this.local = server.getLocalAddress();
        this.ack = ack;
        this.acceptor = Thread.ofPlatform().daemon().name("forward-server").start(this::acceptLoop);
    }

    /** Listens on {@code port} of the loopback address (0: any free port). */
    static ForwardServer tcp(int port, boolean ack) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.INET);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new ForwardServer(s, ack);
    }

    static ForwardServer unix(Path path, boolean ack) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        return new ForwardServer(s, ack);
    }

    int port() {
        return ((InetSocketAddress) local).getPort();
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel c = server.accept();
                int number;
                synchronized (this) {
                    clients.add(c);
                    number = ++connections;
                }
                Thread.ofPlatform().daemon().name("forward-conn-" + number).start(() -> serve(c, number));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(SocketChannel c, int connection) {
        try (InputStream in = Channels.newInputStream(c)) {
            MsgPackReader reader = new MsgPackReader(in);
            while (true) {
                Object request = reader.read();
                if (request == null) {
                    continue; // heartbeat nil
                }
                handle((List<?>) request, connection, c);
            }
        } catch (EOFException | java.nio.channels.ClosedChannelException e) {
            // the client or the test closed the connection
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                errors.add(e.toString());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(List<?> request, int connection, SocketChannel c) throws IOException {
        String tag = request.get(0).toString();
        Object second = request.get(1);
        List<List<?>> entries = new ArrayList<>();
        Map<Object, Object> option;
        String mode;
        int entriesFormat = 0;
        if (second instanceof List<?> list) {
            mode = "Forward";
            for (Object e : list) {
                entries.add((List<?>) e);
            }
            option = request.size() > 2 ? (Map<Object, Object>) request.get(2) : Map.of();
        } else if (second instanceof byte[] || second instanceof MsgPackReader.Str) {
            mode = "PackedForward";
            entriesFormat = second instanceof byte[] ? 0xc4 : 0xd9;
            byte[] stream = second instanceof byte[] b ? b : ((MsgPackReader.Str) second).bytes;
            MsgPackReader r = new MsgPackReader(new java.io.ByteArrayInputStream(stream));
            while (true) {
                try {
                    entries.add((List<?>) r.read());
                } catch (EOFException end) {
                    break;
                }
            }
            option = request.size() > 2 ? (Map<Object, Object>) request.get(2) : Map.of();
        } else {
            mode = "Message";
            entries.add(List.of(second, request.get(2)));
            option = request.size() > 3 ? (Map<Object, Object>) request.get(3) : Map.of();
        }
        Object chunk = option.get(new MsgPackReader.Str("chunk".getBytes(StandardCharsets.UTF_8)));
        synchronized (this) {
            requests.add(new Request(mode, option, connection, entriesFormat));
            for (List<?> entry : entries) {
                long seconds;
                long nanos;
                if (entry.get(0) instanceof MsgPackReader.Ext ext) {
                    if (ext.type() != 0 || ext.data().length != 8) {
                        throw new IOException("EventTime must be ext type 0 of 8 bytes");
                    }
                    ByteBuffer b = ByteBuffer.wrap(ext.data());
                    seconds = b.getInt() & 0xffffffffL;
                    nanos = b.getInt() & 0xffffffffL;
                } else {
                    seconds = (Long) entry.get(0);
                    nanos = 0;
                }
                events.add(new Event(tag, seconds, nanos, (Map<Object, Object>) entry.get(1),
                        chunk == null ? null : chunk.toString(), connection));
            }
            notifyAll();
        }
        if (chunk != null && ack) {
            // {"ack": chunk}: fixmap 1, fixstr "ack", str chunk
            byte[] id = ((MsgPackReader.Str) chunk).bytes;
            ByteBuffer out = ByteBuffer.allocate(8 + id.length);
            out.put((byte) 0x81).put((byte) 0xa3).put("ack".getBytes(StandardCharsets.US_ASCII));
            out.put((byte) 0xd9).put((byte) id.length).put(id).flip();
            while (out.hasRemaining()) {
                c.write(out);
            }
        }
    }

    /** Waits until at least {@code count} events arrived; returns all so far. */
    synchronized List<Event> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return List.copyOf(events);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    synchronized int connections() {
        return connections;
    }

    /** Stops listening and closes every connection, as a server that goes down. */
    @Override
    public void close() throws IOException {
        server.close();
        synchronized (this) {
            for (SocketChannel c : clients) {
                c.close();
            }
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (local instanceof UnixDomainSocketAddress u) {
            Files.deleteIfExists(u.getPath());
        }
    }
}
