package io.tinybpf.transform;

/** CO-RE relocations for bpfCore* types (implemented in the next step). */
final class CoRe implements Pass {
    @Override
    public String name() {
        return "core";
    }

    @Override
    public void run(TransformContext ctx) {}
}
