package io.tinybpf.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Something expensive that several tests of a class share (a generated and compiled module), built
 * by the first test that needs it. When building fails, that test reports the failure and the
 * others fail at once pointing to it, instead of building again.
 */
public final class Once<T> {
    /** Builds the value. */
    @FunctionalInterface
    public interface Builder<T> {
        T build() throws Exception;
    }

    private final String what;
    private T value;
    private Throwable failed;

    public Once(String what) {
        this.what = what;
    }

    public synchronized T get(Builder<T> builder) throws Exception {
        if (value != null) return value;
        if (failed != null) fail(what + " failed (see the first failure)", failed);
        try {
            value = builder.build();
        } catch (Throwable t) {
            failed = t;
            throw t;
        }
        return value;
    }
}
