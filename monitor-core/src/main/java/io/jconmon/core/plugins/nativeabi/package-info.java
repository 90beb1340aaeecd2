/**
 * Log drivers written in C: the bridge between the SPI and shared libraries that implement
 * {@code native-abi/include/jconmon_driver.h}. {@link io.jconmon.core.plugins.nativeabi.NativeDriverLibrary#load}
 * turns one {@code .so} into a {@link io.jconmon.spi.LogDriverPlugin}; the JNI side is
 * {@code lib/libjconmon-driver-bridge.so} (native-abi/src/jni_driver_bridge.c), loaded only then.
 * docs/C-DRIVERS.md has the whole story.
 */
package io.jconmon.core.plugins.nativeabi;
