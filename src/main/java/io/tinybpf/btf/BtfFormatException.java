package io.tinybpf.btf;

/** Malformed {@code .BTF} or {@code .BTF.ext} data; the message names what is wrong and where. */
public final class BtfFormatException extends Exception {
    public BtfFormatException(String message) {
        super(message);
    }
}
