package io.jconmon.spi;

/**
 * What a driver did with a record, or with a flush. A closed set (as Fluent Bit's return codes):
 * anything a driver cannot express here is {@link #FAILED}.
 */
public enum WriteResult {
    /** Taken: written, buffered, or deliberately ignored by the driver's own policy. */
    ACCEPTED,
    /**
     * Not taken now; offer the same record again later. The host pauses reading the container's
     * output for this driver (backpressure), so nothing is lost.
     */
    RETRY_LATER,
    /** Not taken and not to be retried. The host counts the record as dropped for this driver. */
    DROPPED,
    /** The driver is broken. The host disables it, reports why, and goes on with the other drivers. */
    FAILED
}
