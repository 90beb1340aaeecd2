package io.jconmon.core.attach;

import static io.jconmon.core.attach.LoopPump.assertIdle;
import static io.jconmon.core.attach.LoopPump.pump;
import static io.jconmon.core.attach.LoopPump.pumpUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.SysTestSupport;
import io.jconmon.spi.LogStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachServerTest {
    @TempDir
    Path tmp;

    private final List<String> loopErrors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private int inputClosed;
    private EventLoop loop;
    private AttachServer server;
    private Path bundle;

    private final AttachServer.Listener listener = new AttachServer.Listener() {
        @Override
        public void onClientInputClosed() {
            inputClosed++;
        }

        @Override
        public void onWarning(String message) {
            warnings.add(message);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        loop = new EventLoop(loopErrors::add);
        bundle = Files.createDirectory(tmp.resolve("bundle"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
        loop.close();
        assertEquals(List.of(), loopErrors, "no handler may fail");
    }

    private SeqpacketClient client() throws NativeException {
        SeqpacketClient c = SeqpacketClient.connect(server.path());
        cleanup.add(c);
        return c;
    }

    private int[] pipe() throws NativeException {
        int[] p = LibC.pipe2(LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        cleanup.add(() -> LibC.closeQuietly(p[0]));
        return p;
    }

    private StdinFd stdinOver(int fd) throws NativeException {
        StdinFd s = new StdinFd(loop, fd, true);
        cleanup.add(s);
        return s;
    }

    private static String readAll(int fd) {
        byte[] buf = new byte[65536];
        long n = LibC.read(fd, buf, 0, buf.length);
        return n <= 0 ? "" : new String(buf, 0, (int) n, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] frame(int tag, String data) {
        byte[] d = bytes(data);
        byte[] f = new byte[d.length + 1];
        f[0] = (byte) tag;
        System.arraycopy(d, 0, f, 1, d.length);
        return f;
    }

    @Test
    void outputReachesClientsAsOneMessagePerChunkTaggedWithItsStream() throws Exception {
        server = AttachServer.open(loop, bundle.toString(), false, listener);
        SeqpacketClient c = client();
        pumpUntil(loop, () -> server.clientCount() == 1, 2000, "accept");

        server.broadcast(LogStream.STDOUT, bytes("xhellox"), 1, 6);
        server.broadcast(LogStream.STDERR, bytes("oops"), 0, 4);
        server.broadcast(LogStream.STDOUT, new byte[0], 0, 0);

        assertArrayEquals(frame(2, "hello"), c.receive());
        assertArrayEquals(frame(3, "oops"), c.receive());
        assertNull(c.receive(), "an empty chunk sends nothing");
    }

    @Test
    void aChunkLongerThan8192BytesIsSentAsFramesOfAtMost8193Bytes() throws Exception {
        server = AttachServer.open(loop, bundle.toString(), false, listener);
        SeqpacketClient c = client();
        pumpUntil(loop, () -> server.clientCount() == 1, 2000, "accept");
        byte[] big = new byte[20000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }

        server.broadcast(LogStream.STDOUT, big, 0, big.length);

        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        byte[] m;
        while ((m = c.receive()) != null) {
            sizes.add(m.length);
            assertEquals(2, m[0]);
            got.write(m, 1, m.length - 1);
        }
        assertEquals(List.of(8193, 8193, 20000 - 2 * 8192 + 1), sizes);
        assertArrayEquals(big, got.toByteArray());
    }

    @Test
    void socketReplacesAnExistingAttachFileAndHasMode0700() throws Exception {
        Path attach = bundle.resolve("attach");
        Files.writeString(attach, "stale");

        server = AttachServer.open(loop, bundle.toString(), false, listener);

        assertEquals(attach.toString(), server.path());
        int mode = (Integer) Files.getAttribute(attach, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0140000, mode & 0170000, "a socket");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(attach)));
    }

    @Test
    void aBundlePathLongerThanSunPathWorksAndClientsDialThroughProcSelfFd() throws Exception {
        Path deep = Files.createDirectories(bundle.resolve("a".repeat(120)).resolve("b".repeat(120)));
        assertTrue(deep.resolve("attach").toString().length() > 108);
        server = AttachServer.open(loop, deep.toString(), false, listener);
        // Podman's openUnixSocket: O_PATH on the socket file, then dial /proc/self/fd/N.
        int pathFd = LibC.open(deep.resolve("attach").toString(), LibC.O_PATH | LibC.O_CLOEXEC, 0);
        cleanup.add(() -> LibC.closeQuietly(pathFd));
        SeqpacketClient c = SeqpacketClient.connect("/proc/self/fd/" + pathFd);
        cleanup.add(c);
        pumpUntil(loop, () -> server.clientCount() == 1, 2000, "accept");

        server.broadcast(LogStream.STDOUT, bytes("deep"), 0, 4);

        assertArrayEquals(frame(2, "deep"), c.receive());
    }

    @Test
    void clientInputReachesTheStdinPipe() throws Exception {
        int[] p = pipe();
        server = AttachServer.open(loop, bundle.toString(), true, listener);
        server.setStdin(stdinOver(p[1]));
        SeqpacketClient a = client();
        SeqpacketClient b = client();

        a.send(bytes("from a;"));
        pumpUntil(loop, () -> server.clientCount() == 2, 2000, "accept");
        StringBuilder got = new StringBuilder();
        pumpUntil(loop, () -> got.append(readAll(p[0])).toString().equals("from a;"), 2000, "a's input");
        b.send(bytes("from b"));
        pumpUntil(loop, () -> got.append(readAll(p[0])).toString().equals("from a;from b"), 2000, "b's input");
        assertEquals(0, inputClosed);
    }

    @Test
    void inputWaitsWhileStdinIsFullAndArrivesCompleteAndInOrderLater() throws Exception {
        int[] p = pipe();
        LibC.fcntl(p[1], LibC.F_SETPIPE_SZ, 4096);
        server = AttachServer.open(loop, bundle.toString(), true, listener);
        server.setStdin(stdinOver(p[1]));
        SeqpacketClient c = client();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            byte[] msg = bytes(String.valueOf((char) ('a' + i)).repeat(1000));
            c.send(msg);
            sent.write(msg);
        }
        pumpUntil(loop, () -> {
            try {
                return SysTestSupport.bytesQueued(p[0]) >= 4000; // one 4 KiB page: four 1000-byte writes fit
            } catch (NativeException e) {
                throw new AssertionError(e);
            }
        }, 2000, "a full stdin pipe");
        for (int i = 0; i < 5; i++) {
            pump(loop); // the monitor keeps running while stdin is full
        }

        StringBuilder got = new StringBuilder();
        pumpUntil(loop, () -> got.append(readAll(p[0])).length() == sent.size(), 5000, "all input");
        assertEquals(sent.toString(StandardCharsets.ISO_8859_1), got.toString());
    }

    @Test
    void inputSentBeforeStdinExistsIsDeliveredOnceItIsSet() throws Exception {
        int[] p = pipe();
        server = AttachServer.open(loop, bundle.toString(), true, listener);
        SeqpacketClient c = client();
        c.send(bytes("typed early"));
        pumpUntil(loop, () -> server.clientCount() == 1, 2000, "accept");
        assertIdle(loop); // input waits in the kernel, unread

        server.setStdin(stdinOver(p[1])); // e.g. the pty arrived
        StringBuilder got = new StringBuilder();
        pumpUntil(loop, () -> got.append(readAll(p[0])).toString().equals("typed early"), 2000, "early input");
    }

    @Test
    void halfCloseEndsInputOnceAndOutputStillFlowsUntilTheClientIsGone() throws Exception {
        int[] p = pipe();
        server = AttachServer.open(loop, bundle.toString(), true, listener);
        server.setStdin(stdinOver(p[1]));
        SeqpacketClient c = client();
        c.send(bytes("last words"));
        c.shutdownWrite();

        pumpUntil(loop, () -> inputClosed == 1, 2000, "input closed");
        assertEquals("last words", readAll(p[0]), "input sent before the half-close is delivered first");
        server.broadcast(LogStream.STDOUT, bytes("still here"), 0, 10);
        assertArrayEquals(frame(2, "still here"), c.receive());
        assertIdle(loop); // our read side is shut down: its permanent readiness must not be watched
        assertEquals(1, inputClosed, "reported once per client");
        assertEquals(1, server.clientCount());

        c.close();
        pumpUntil(loop, () -> server.clientCount() == 0, 2000, "the client to go");
    }

    @Test
    void withoutStdinInputIsNotReadButAHalfCloseIsStillReported() throws Exception {
        server = AttachServer.open(loop, bundle.toString(), false, listener);
        SeqpacketClient c = client();
        c.send(bytes("ignored"));
        c.shutdownWrite();

        pumpUntil(loop, () -> inputClosed == 1, 2000, "input closed");
        assertIdle(loop);
        server.broadcast(LogStream.STDERR, bytes("err"), 0, 3);
        assertArrayEquals(frame(3, "err"), c.receive());
    }

    @Test
    void aClientThatHangsUpWhileStdinIsFullStillHasItsInputDelivered() throws Exception {
        int[] p = pipe();
        LibC.fcntl(p[1], LibC.F_SETPIPE_SZ, 4096);
        server = AttachServer.open(loop, bundle.toString(), true, listener);
        server.setStdin(stdinOver(p[1]));
        SeqpacketClient c = client();
        byte[] msg = bytes("z".repeat(3000));
        c.send(msg);
        c.send(msg);
        c.send(bytes("end"));
        pumpUntil(loop, () -> server.clientCount() == 1, 2000, "accept");
        for (int i = 0; i < 5; i++) {
            pump(loop);
        }
        c.close();
        pump(loop);
        assertIdle(loop); // HUP while paused: must neither spin nor lose input
        assertEquals(1, server.clientCount());

        StringBuilder got = new StringBuilder();
        pumpUntil(loop, () -> got.append(readAll(p[0])).length() == 6003 && server.clientCount() == 0, 5000,
                "input delivered and client removed");
        assertTrue(got.toString().endsWith("zzzend"));
        assertEquals(1, inputClosed);
    }

    @Test
    void atMost128ClientsAreServedAndFurtherOnesAreClosedAtOnce() throws Exception {
        server = AttachServer.open(loop, bundle.toString(), false, listener);
        List<SeqpacketClient> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            SeqpacketClient c;
            while ((c = SeqpacketClient.tryConnect(server.path())) == null) {
                pump(loop); // the listen backlog is 10: let the monitor accept
            }
            cleanup.add(c);
            all.add(c);
        }
        pumpUntil(loop, () -> server.clientCount() + server.refusedClients() == 200, 5000, "all accepted");
        assertEquals(AttachServer.MAX_CLIENTS, server.clientCount());
        assertEquals(72, server.refusedClients());
        assertEquals(1, warnings.stream().filter(w -> w.contains("refused")).count(), warnings.toString());

        server.broadcast(LogStream.STDOUT, bytes("hi"), 0, 2);
        for (int i = 0; i < 200; i++) {
            if (i < 128) {
                assertArrayEquals(frame(2, "hi"), all.get(i).receive(), "client " + i + " is served");
            } else {
                assertEquals(-1, all.get(i).drainForEof(), "client " + i + " is closed without data");
            }
        }

        all.get(0).close();
        pumpUntil(loop, () -> server.clientCount() == 127, 2000, "a slot to free up");
        SeqpacketClient late = client();
        pumpUntil(loop, () -> server.clientCount() == 128, 2000, "the late client");
        server.broadcast(LogStream.STDOUT, bytes("again"), 0, 5);
        assertArrayEquals(frame(2, "again"), late.receive());
    }

    @Test
    void aClientThatNeverReadsNeitherStallsBroadcastNorCostsOthersAnyOutput() throws Exception {
        server = AttachServer.open(loop, bundle.toString(), false, listener);
        SeqpacketClient slow = client();
        SeqpacketClient reader = client();
        pumpUntil(loop, () -> server.clientCount() == 2, 2000, "accept");
        int frames = 50 * 1024 * 1024 / 8192;
        byte[] chunk = new byte[8192];
        int readerFrames = 0;

        long start = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            chunk[0] = (byte) (i >> 16);
            chunk[1] = (byte) (i >> 8);
            chunk[2] = (byte) i;
            server.broadcast(LogStream.STDOUT, chunk, 0, chunk.length);
            pump(loop);
            byte[] m;
            while ((m = reader.receive()) != null) {
                assertEquals(8193, m.length);
                assertEquals(readerFrames, sequence(m), "the reading client gets every frame, in order");
                readerFrames++;
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(frames, readerFrames);
        assertTrue(millis < 10_000, "50 MB took " + millis + " ms");
        assertTrue(server.droppedFrames() > frames - (AttachServer.CLIENT_BACKLOG_LIMIT / 8193) - 200,
                "dropped " + server.droppedFrames());
        assertEquals(1, warnings.stream().filter(w -> w.contains("not reading")).count(), warnings.toString());

        // What the slow client gets once it reads: the kernel's queue, then its backlog; every frame
        // is either received, in order, or counted as dropped.
        int slowFrames = 0;
        int last = -1;
        int quiet = 0;
        while (quiet < 20) {
            byte[] m = slow.receive();
            if (m == null) {
                pump(loop);
                quiet++;
                continue;
            }
            quiet = 0;
            assertTrue(sequence(m) > last, "in order");
            last = sequence(m);
            slowFrames++;
        }
        assertEquals(frames, slowFrames + server.droppedFrames());

        slow.close();
        pumpUntil(loop, () -> server.clientCount() == 1, 2000, "slow client gone");
        assertTrue(warnings.getLast().contains(server.droppedFrames() + " output frames"), warnings.getLast());
    }

    private static int sequence(byte[] frame) {
        return ((frame[1] & 0xff) << 16) | ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
    }

    @Test
    void closeDisconnectsClientsAndUnlinksTheSocket() throws Exception {
        server = AttachServer.open(loop, bundle.toString(), false, listener);
        SeqpacketClient c = client();
        pumpUntil(loop, () -> server.clientCount() == 1, 2000, "accept");

        server.closeConnections();
        assertEquals(-1, c.drainForEof());
        assertTrue(Files.exists(bundle.resolve("attach"), LinkOption.NOFOLLOW_LINKS), "unlinked only by close()");
        assertEquals(Errno.ECONNREFUSED, assertThrows(NativeException.class,
                () -> SeqpacketClient.connect(server.path())).errno());

        server.close();
        assertFalse(Files.exists(bundle.resolve("attach"), LinkOption.NOFOLLOW_LINKS));
        server.broadcast(LogStream.STDOUT, bytes("late"), 0, 4); // harmless after close
    }

    @Test
    void socketDirLinkPointsAtTheBundleAndReplacesAnExistingEntry() throws Exception {
        Path socketDir = Files.createDirectory(tmp.resolve("sockets"));
        Files.writeString(socketDir.resolve("cuuid-1"), "stale");
        server = AttachServer.open(loop, bundle.toString(), false, listener);

        String link = AttachServer.linkSocketDir(socketDir + "/", "cuuid-1", bundle.toString());

        assertEquals(socketDir.resolve("cuuid-1").toString(), link);
        assertEquals(bundle, Files.readSymbolicLink(Path.of(link)));
        SeqpacketClient c = SeqpacketClient.connect(link + "/attach"); // how CRI-O dials
        cleanup.add(c);
        pumpUntil(loop, () -> server.clientCount() == 1, 2000, "accept through the link");

        AttachServer.unlinkSocketDir(link);
        assertFalse(Files.exists(Path.of(link), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aSocketDirLinkOfExactly107BytesLosesItsLastCharacter() throws Exception {
        Path socketDir = Files.createDirectory(tmp.resolve("s"));
        String cuuid = "c".repeat(107 - socketDir.toString().length() - 1);
        String full = socketDir + "/" + cuuid;
        assertEquals(107, full.length());

        String link = AttachServer.linkSocketDir(socketDir.toString(), cuuid, bundle.toString());

        assertEquals(full.substring(0, 106), link);
        assertEquals(bundle, Files.readSymbolicLink(Path.of(link)));
        String longer = AttachServer.linkSocketDir(socketDir.toString(), cuuid + "d", bundle.toString());
        assertEquals(full + "d", longer, "108 bytes: kept as is");
    }

    @Test
    void aSocketDirLinkThatCannotBeMadeFailsWithConmonsMessage() {
        NativeException e = assertThrows(NativeException.class, () -> AttachServer.linkSocketDir(
                tmp.resolve("missing").toString(), "cuuid", bundle.toString()));
        assertEquals("Failed to create symlink for notify socket: No such file or directory", e.getMessage());
    }

    @Test
    void aClientThatHangsUpIsForgotten() throws Exception {
        server = AttachServer.open(loop, bundle.toString(), false, listener);
        SeqpacketClient c = client();
        pumpUntil(loop, () -> server.clientCount() == 1, 2000, "accept");
        c.close();
        pumpUntil(loop, () -> server.clientCount() == 0, 2000, "hang-up noticed");
        assertNotNull(server.path());
        server.broadcast(LogStream.STDOUT, bytes("nobody"), 0, 6);
    }
}
