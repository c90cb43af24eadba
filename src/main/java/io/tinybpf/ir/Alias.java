package io.tinybpf.ir;

/** {@code @a = [linkage] alias|ifunc <type>, <aliasee>}. */
public final class Alias extends Entity implements GlobalValue {
    Alias(String text, String newline) {
        super(text, newline);
    }

    @Override
    public String name() {
        return tokens().identName(0);
    }
}
