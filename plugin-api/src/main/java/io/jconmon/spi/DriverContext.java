package io.jconmon.spi;

import java.time.InstantSource;

/** Services the host offers a driver. Drivers never reach the host any other way. */
public interface DriverContext {

    /** A logger for the driver's own diagnostics; messages reach conmon's log (stderr/syslog). */
    System.Logger logger();

    /** The clock the host uses for timestamps; tests may substitute a fixed one. */
    InstantSource clock();

    /**
     * Counts output the driver lost, so the host can report it ("N bytes/lines dropped").
     * Call it for every record a driver drops on its own (for example when a disk is full).
     *
     * @param stream the stream the lost output came from
     * @param records how many records were lost
     * @param bytes how many content bytes were lost
     */
    void countDropped(LogStream stream, long records, long bytes);
}
