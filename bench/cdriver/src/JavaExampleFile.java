import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * native-abi/examples/example_file.c's logic as a Java driver, written the way the built-in drivers
 * write (a direct 64 KiB buffer, FileChannel): the same bytes, line for line.
 */
final class JavaExampleFile implements LogDriver {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
    private final byte[] header = new byte[96];

    JavaExampleFile(Path path) throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public WriteResult write(LogRecord record) {
        int n = formatHeader(record);
        ByteBuffer content = record.content();
        int needed = n + content.remaining() + 1;
        try {
            if (needed > buffer.remaining()) {
                flushBuffer();
            }
            if (needed > buffer.capacity()) {
                channel.write(new ByteBuffer[] {ByteBuffer.wrap(header, 0, n), content, ByteBuffer.wrap(NEWLINE)});
                return WriteResult.ACCEPTED;
            }
            buffer.put(header, 0, n).put(content).put((byte) '\n');
            return WriteResult.ACCEPTED;
        } catch (IOException e) {
            return WriteResult.FAILED;
        }
    }

    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] STDOUT = " stdout ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STDERR = " stderr ".getBytes(StandardCharsets.US_ASCII);

    // "<ts> <stream> <F|P> <len> ", digits written by hand as the C side's snprintf does.
    private int formatHeader(LogRecord record) {
        int p = putLong(record.timestampNanos(), 0);
        byte[] s = record.stream() == LogStream.STDERR ? STDERR : STDOUT;
        System.arraycopy(s, 0, header, p, s.length);
        p += s.length;
        header[p++] = (byte) (record.isPartial() ? 'P' : 'F');
        header[p++] = ' ';
        p = putLong(record.length(), p);
        header[p++] = ' ';
        return p;
    }

    private int putLong(long v, int p) {
        if (v < 0) {
            header[p++] = '-';
            v = -v;
        }
        int start = p;
        do {
            header[p++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = p - 1; i < j; i++, j--) {
            byte t = header[i];
            header[i] = header[j];
            header[j] = t;
        }
        return p;
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public WriteResult flush() {
        try {
            flushBuffer();
            return WriteResult.ACCEPTED;
        } catch (IOException e) {
            return WriteResult.FAILED;
        }
    }

    @Override
    public void close() {
        try {
            flushBuffer();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
