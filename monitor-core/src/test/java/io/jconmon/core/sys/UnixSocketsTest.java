package io.jconmon.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketsTest {
    @TempDir
    Path tmp;

    @Test
    void listenAtBindsInADirectoryWhosePathIsLongerThanSunPathWithTheGivenMode() throws Exception {
        Path dir = tmp.resolve("d".repeat(100)).resolve("e".repeat(100));
        Files.createDirectories(dir);
        int dirFd = LibC.open(dir.toString(), LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        int listener = UnixSockets.listenAt(dirFd, "sock", UnixSockets.SOCK_SEQPACKET, 4, 0700);
        int client = UnixSockets.socket(UnixSockets.SOCK_SEQPACKET | UnixSockets.SOCK_CLOEXEC);
        try {
            Path sock = dir.resolve("sock");
            assertTrue(sock.toString().length() > 108);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            assertEquals(-Errno.EAGAIN, UnixSockets.accept(listener), "non-blocking and nothing pending");

            UnixSockets.connect(client, "/proc/self/fd/" + dirFd + "/sock");
            int accepted = UnixSockets.accept(listener);
            assertTrue(accepted >= 0);
            LibC.closeQuietly(accepted);
        } finally {
            LibC.closeQuietly(client);
            LibC.closeQuietly(listener);
            LibC.closeQuietly(dirFd);
        }
    }

    @Test
    void receiveWithFdsDeliversThePayloadAndAWorkingCopyOfTheSentFd() throws Exception {
        int[] pair = SysTestSupport.socketPair(UnixSockets.SOCK_STREAM);
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try {
            SysTestSupport.sendWithFds(pair[0], "/dev/pts/7".getBytes(StandardCharsets.US_ASCII), pipe[1]);
            byte[] buf = new byte[64];
            UnixSockets.ReceivedMessage m = UnixSockets.receiveWithFds(pair[1], buf, 4);

            assertEquals("/dev/pts/7", new String(buf, 0, m.length(), StandardCharsets.US_ASCII));
            assertFalse(m.truncated());
            assertEquals(1, m.fds().length);
            int received = m.fds()[0];
            assertTrue(received != pipe[1]);
            LibC.writeFully(received, new byte[] {42}, 0, 1);
            byte[] one = new byte[1];
            assertEquals(1, LibC.read(pipe[0], one, 0, 1));
            assertEquals(42, one[0]);
            LibC.closeQuietly(received);
        } finally {
            for (int fd : new int[] {pair[0], pair[1], pipe[0], pipe[1]}) {
                LibC.closeQuietly(fd);
            }
        }
    }

    @Test
    void receiveWithFdsReportsFdsThatDidNotFitAsTruncated() throws Exception {
        int[] pair = SysTestSupport.socketPair(UnixSockets.SOCK_STREAM);
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try {
            SysTestSupport.sendWithFds(pair[0], new byte[] {'x'}, pipe[0], pipe[1], pipe[0]);
            UnixSockets.ReceivedMessage m = UnixSockets.receiveWithFds(pair[1], new byte[8], 1);
            assertTrue(m.truncated());
            for (int fd : m.fds()) {
                LibC.closeQuietly(fd);
            }
            assertEquals(Errno.EAGAIN, assertThrows(NativeException.class,
                    () -> UnixSockets.receiveWithFds(pair[1], new byte[8], 1)).errno(), "nothing else queued");
        } finally {
            for (int fd : new int[] {pair[0], pair[1], pipe[0], pipe[1]}) {
                LibC.closeQuietly(fd);
            }
        }
    }

    @Test
    void sendNonBlockingReportsAFullPeerAsEagainAndAGonePeerAsAnError() throws Exception {
        int[] pair = SysTestSupport.socketPair(UnixSockets.SOCK_SEQPACKET);
        byte[] frame = new byte[8193];
        long n;
        int sent = 0;
        while ((n = SysTestSupport.send(pair[0], frame, 0, frame.length)) > 0) {
            sent++;
            assertTrue(sent < 100_000, "the peer's queue never filled up");
        }
        assertEquals(-Errno.EAGAIN, n);
        LibC.closeQuietly(pair[1]);
        // The peer left unread data behind: ECONNRESET first, then EPIPE; never a signal, never EAGAIN.
        assertEquals(-104, SysTestSupport.send(pair[0], frame, 0, 1));
        assertEquals(-Errno.EPIPE, SysTestSupport.send(pair[0], frame, 0, 1));
        LibC.closeQuietly(pair[0]);
    }

    @Test
    void symlinkAndUnlinkAt() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("bundle"));
        Path link = tmp.resolve("link");
        UnixSockets.symlink(target.toString(), link.toString(), "link it");
        assertEquals(target, Files.readSymbolicLink(link));
        NativeException e = assertThrows(NativeException.class,
                () -> UnixSockets.symlink(target.toString(), link.toString(), "link it"));
        assertEquals(Errno.EEXIST, e.errno());
        assertTrue(e.getMessage().startsWith("link it: "), e.getMessage());

        assertEquals(0, UnixSockets.unlinkAt(-1, link.toString()));
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals(-Errno.ENOENT, UnixSockets.unlinkAt(-1, link.toString()));
    }
}
