package io.tinybpf.kernel;

/** Which clsact hook a tc program attaches to ({@code enum bpf_tc_attach_point}). */
public enum TcDirection {
    INGRESS(1),
    EGRESS(2);

    final int attachPoint;

    TcDirection(int attachPoint) {
        this.attachPoint = attachPoint;
    }
}
