package io.jconmon.driver.fluentd;

/**
 * One Forward-protocol request, encoded and ready to send: a batch of events with one tag.
 *
 * @param bytes the whole MessagePack request
 * @param id the {@code chunk} option's value when an ack is required, else null
 * @param records how many events it carries (reported as dropped if it is lost)
 */
record Chunk(byte[] bytes, String id, int records) {}
