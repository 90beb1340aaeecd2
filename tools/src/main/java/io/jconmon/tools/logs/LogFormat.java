package io.jconmon.tools.logs;

/** The log file formats {@code jconmon logs} reads, named as the drivers that write them. */
enum LogFormat {
    /** conmon's CRI format (conmon-interface.md §5.2). */
    K8S_FILE("k8s-file"),
    /** Docker's json-file format. */
    JSON_FILE("json-file"),
    /** Decided by the first line: {@code {} starts a json-file line, anything else a k8s-file one. */
    AUTO("auto");

    private final String text;

    LogFormat(String text) {
        this.text = text;
    }

    /** The format named {@code text}, or null. */
    static LogFormat of(String text) {
        for (LogFormat f : values()) {
            if (f.text.equals(text)) {
                return f;
            }
        }
        return null;
    }

    EntryParser newParser() {
        return switch (this) {
            case K8S_FILE -> new K8sFileParser();
            case JSON_FILE -> new JsonFileParser();
            case AUTO -> throw new IllegalStateException("auto has no parser of its own");
        };
    }

    /** {@link #AUTO}: the format a file's first line is in. */
    static LogFormat detect(byte[] line, int from, int to) {
        return to > from && line[from] == '{' ? JSON_FILE : K8S_FILE;
    }
}
