/**
 * The log-driver conformance kit: {@link io.jconmon.tck.LogDriverConformanceTest}, the one JUnit 5
 * suite every driver's tests extend (as Moby's loggertest runs against every logging driver), and the
 * test doubles it is built from, which drivers' own tests may use too: {@link io.jconmon.tck.TestRecord}
 * (a record that behaves as the host's), {@link io.jconmon.tck.RecordingContext} (a driver context that
 * remembers logs and drops) and {@link io.jconmon.tck.TestContainer}.
 *
 * <p>Add {@code io.jconmon:jconmon-plugin-tck} in test scope, extend the suite, say how to open a
 * fresh driver and how to read its output back; docs/CONFORMANCE.md walks through it.
 */
package io.jconmon.tck;
