package io.jconmon.core.attach;

/** A terminal size as the ctl and winsz fifos carry it: rows (height) and columns (width), each 0..1000. */
public record WindowSize(int rows, int cols) {}
