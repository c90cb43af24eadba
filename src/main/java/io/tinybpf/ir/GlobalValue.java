package io.tinybpf.ir;

/** An entity that defines a module-level symbol: a function, a global variable, an alias. */
public sealed interface GlobalValue permits Function, GlobalVar, Alias {
    /** Symbol name without {@code @}, unquoted. */
    String name();
}
