package io.jconmon.tck;

import io.jconmon.spi.LogStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record as a driver's output shows it, read back by the driver's test: for a file driver one
 * parsed line, for journald one journal entry. Also what the kit expects, built from what it wrote.
 *
 * @param stream the stream the output says it came from
 * @param content the content bytes, without the newline that ends a complete line
 * @param partial true when the output marks the record as not ending its line; ignored by the kit
 *     unless {@link DriverCapabilities#keepsPartialFlag()}
 * @param timestampNanos the time the output keeps, in nanoseconds since the epoch; ignored by the
 *     kit unless {@link DriverCapabilities#keepsTimestamps()}
 */
public record DeliveredRecord(LogStream stream, byte[] content, boolean partial, long timestampNanos) {

    /** The content is not copied. */
    public DeliveredRecord {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(content, "content");
    }

    /** A record from an output that keeps no timestamp. */
    public DeliveredRecord(LogStream stream, byte[] content, boolean partial) {
        this(stream, content, partial, 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeliveredRecord that
                && stream == that.stream
                && Arrays.equals(content, that.content)
                && partial == that.partial
                && timestampNanos == that.timestampNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, Arrays.hashCode(content), partial, timestampNanos);
    }

    @Override
    public String toString() {
        return stream.wireName() + (partial ? " P " : " F ") + "@" + timestampNanos + " " + Printable.of(content);
    }
}
