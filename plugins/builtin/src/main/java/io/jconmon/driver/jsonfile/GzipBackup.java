package io.jconmon.driver.jsonfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses a rotated log file as Moby's {@code loggerutils.compressFile}: {@code NAME} becomes
 * {@code NAME.gz} (mode 0640), and {@code NAME} is removed only once the gzip file is complete; on
 * failure the partial gzip file is removed and {@code NAME} stays.
 *
 * <p>The gzip header carries what Go's {@code gzip.Writer} writes for Moby: no name, no time, OS
 * 255, and in the extra field the JSON {@code {"lastTime":"<RFC3339Nano>"}} with the time of the
 * file's last record, which {@code docker logs --since} uses to skip whole files.
 * {@link java.util.zip.GZIPOutputStream} cannot write an extra field, hence the header by hand
 * around a raw {@link Deflater}.
 */
final class GzipBackup {

    private static final int FEXTRA = 4;
    private static final int OS_UNKNOWN = 255;
    private static final int CHUNK = 64 * 1024;

    private GzipBackup() {}

    /**
     * @param source the rotated file; nothing happens when it is gone
     * @param lastTime the RFC3339Nano text of the last record's time
     * @param opener creates the gzip file
     */
    static void compress(Path source, String lastTime, JsonFileDriver.Opener opener) throws IOException {
        Path target = source.resolveSibling(source.getFileName() + ".gz");
        InputStream in;
        try {
            in = Files.newInputStream(source);
        } catch (NoSuchFileException e) {
            return; // as Moby: someone removed it already
        }
        try (in) {
            boolean complete = false;
            // Moby: O_CREATE|O_TRUNC, mode 0640.
            try (FileChannel channel = opener.open(target, JsonFileDriver.REPLACE_OPTIONS);
                    OutputStream out = Channels.newOutputStream(channel)) {
                write(in, out, ("{\"lastTime\":\"" + lastTime + "\"}").getBytes(StandardCharsets.US_ASCII));
                complete = true;
            } finally {
                if (!complete) {
                    Files.deleteIfExists(target);
                }
            }
        }
        Files.deleteIfExists(source);
    }

    private static void write(InputStream in, OutputStream out, byte[] extra) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(12 + extra.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0x1f).put((byte) 0x8b).put((byte) Deflater.DEFLATED).put((byte) FEXTRA);
        header.putInt(0); // MTIME: Go leaves it 0 when Header.ModTime is unset
        header.put((byte) 0); // XFL: 0 for the default level
        header.put((byte) OS_UNKNOWN);
        header.putShort((short) extra.length).put(extra);
        out.write(header.array());

        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] input = new byte[CHUNK];
        byte[] output = new byte[CHUNK];
        try {
            int n;
            while ((n = in.read(input)) > 0) {
                crc.update(input, 0, n);
                size += n;
                deflater.setInput(input, 0, n);
                while (!deflater.needsInput()) {
                    int m = deflater.deflate(output);
                    out.write(output, 0, m);
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                int m = deflater.deflate(output);
                out.write(output, 0, m);
            }
        } finally {
            deflater.end();
        }
        ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crc.getValue()).putInt((int) size); // ISIZE: size modulo 2^32
        out.write(trailer.array());
    }
}
