package io.tinybpf.codegen;

/** The object cannot be turned into Go bindings; the message says why. */
public final class GenerateException extends Exception {
    public GenerateException(String message) {
        super(message);
    }
}
