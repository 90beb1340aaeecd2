package io.jconmon.driver.syslog;

/**
 * How messages are delimited on a stream transport (RFC 6587): octet counting ({@code LEN SP MSG})
 * is safe for any content; non-transparent framing ends each message with LF, which old receivers
 * expect and which is safe here because a log record never contains a newline.
 */
enum Framing {
    OCTET_COUNTED("octet-counted"),
    NON_TRANSPARENT("non-transparent");

    final String optionValue;

    Framing(String optionValue) {
        this.optionValue = optionValue;
    }

    /** At most this many bytes of framing go around one message. */
    static final int MAX_OVERHEAD = 11;

    /** Writes {@code message[0, length)} framed into {@code out} at {@code at}; returns the end. */
    int frame(byte[] message, int length, byte[] out, int at) {
        if (this == OCTET_COUNTED) {
            String count = Integer.toString(length);
            for (int i = 0; i < count.length(); i++) {
                out[at++] = (byte) count.charAt(i);
            }
            out[at++] = ' ';
            System.arraycopy(message, 0, out, at, length);
            return at + length;
        }
        System.arraycopy(message, 0, out, at, length);
        out[at + length] = '\n';
        return at + length + 1;
    }

    /** The length of the framed message starting at {@code start} in {@code buf} (it is complete). */
    int frameLength(byte[] buf, int start) {
        int i = start;
        if (this == OCTET_COUNTED) {
            int count = 0;
            while (buf[i] != ' ') {
                count = count * 10 + (buf[i++] - '0');
            }
            return i - start + 1 + count;
        }
        while (buf[i] != '\n') {
            i++;
        }
        return i - start + 1;
    }
}
