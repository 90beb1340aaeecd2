package io.jconmon.tck;

/**
 * What a driver's output can show, declared by its conformance test so that the kit checks what the
 * output keeps and nothing it cannot. Start from {@link #verbatim()} and take away.
 *
 * @param keepsPartialFlag the output tells a partial record from a complete one (k8s-file's
 *     {@code P}/{@code F}, json-file's missing {@code \n}, journald's CONTAINER_PARTIAL_MESSAGE)
 * @param keepsTimestamps the output keeps each record's own timestamp to the nanosecond
 * @param assemblesLines the driver joins partial records to the rest of their line (journald), so
 *     the kit compares each stream's text and the order of finished lines, not record by record
 * @param keepsAnyBytes every content byte comes back as written; when false the output is text and
 *     each byte that is not valid UTF-8 comes back as U+FFFD (json-file)
 * @param reopen what {@link io.jconmon.spi.LogDriver#reopen()} does to earlier output
 * @param keepsNul the output can carry a NUL byte; when false the kit writes none (a syslog
 *     server: rsyslog stores a NUL as {@code #000} and then drops every other control byte of that
 *     message, whatever the driver sent)
 */
public record DriverCapabilities(
        boolean keepsPartialFlag,
        boolean keepsTimestamps,
        boolean assemblesLines,
        boolean keepsAnyBytes,
        Reopen reopen,
        boolean keepsNul) {

    /** What a reopen does, as far as reading back is concerned. */
    public enum Reopen {
        /** Reopen is supported and what was written before it is still read back (json-file, journald). */
        KEEPS_EARLIER_OUTPUT,
        /**
         * Reopen is supported and starts a new output in place of the old, whose content is no longer
         * read back (k8s-file without rotation replaces its file, as conmon).
         */
        STARTS_AFRESH,
        /**
         * The driver does nothing on reopen (the SPI's default) or refuses it with a
         * {@link io.jconmon.spi.LogDriverException}; either way it keeps writing.
         */
        NOT_SUPPORTED
    }

    /** A driver that keeps everything: the flag, timestamps, any bytes, output across a reopen. */
    public static DriverCapabilities verbatim() {
        return new DriverCapabilities(true, true, false, true, Reopen.KEEPS_EARLIER_OUTPUT, true);
    }

    /** The same, but the output keeps no per-record timestamp of its own. */
    public DriverCapabilities withoutTimestamps() {
        return new DriverCapabilities(keepsPartialFlag, false, assemblesLines, keepsAnyBytes, reopen, keepsNul);
    }

    /** The same, but the output does not mark partial records. */
    public DriverCapabilities withoutPartialFlag() {
        return new DriverCapabilities(false, keepsTimestamps, assemblesLines, keepsAnyBytes, reopen, keepsNul);
    }

    /** The same, but the driver joins partial records into lines. */
    public DriverCapabilities assemblingLines() {
        return new DriverCapabilities(keepsPartialFlag, keepsTimestamps, true, keepsAnyBytes, reopen, keepsNul);
    }

    /** The same, but the output is UTF-8 text: invalid bytes come back as U+FFFD. */
    public DriverCapabilities textOnly() {
        return new DriverCapabilities(keepsPartialFlag, keepsTimestamps, assemblesLines, false, reopen, keepsNul);
    }

    /** The same, with another reopen behaviour. */
    public DriverCapabilities withReopen(Reopen behaviour) {
        return new DriverCapabilities(keepsPartialFlag, keepsTimestamps, assemblesLines, keepsAnyBytes, behaviour, keepsNul);
    }

    /** The same, but the output cannot carry a NUL byte (what a syslog server stores). */
    public DriverCapabilities withoutNul() {
        return new DriverCapabilities(keepsPartialFlag, keepsTimestamps, assemblesLines, keepsAnyBytes, reopen, false);
    }
}
