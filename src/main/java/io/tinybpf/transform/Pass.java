package io.tinybpf.transform;

/** One step of the IR transform: a small, pure rewrite of the module held by the context. */
public interface Pass {
    /** Name used for {@code --dump-ir} files and diagnostics. */
    String name();

    /** Hint shown when the pass reports problems. */
    default String hint() {
        return null;
    }

    /** Rewrites {@code ctx.module()}; problems go to {@link TransformContext#error}. */
    void run(TransformContext ctx);
}
