package io.tinybpf.vm;

/**
 * A VM could not be booted or its agent failed a request. The message says what and why, in one
 * line or a few (a boot failure ends with the guest console's last lines).
 */
public class VmException extends RuntimeException {
    private final int errno;

    public VmException(String message) {
        this(message, 0);
    }

    public VmException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public VmException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
    }

    /** The guest's errno when the agent refused a request, else 0. */
    public int errno() {
        return errno;
    }
}
