package io.jconmon.spi;

/** The version of this SPI. Raised whenever a capability is added; never lowered. */
public final class SpiVersion {
    /** The SPI version this jar implements. */
    public static final int CURRENT = 1;

    private SpiVersion() {}
}
