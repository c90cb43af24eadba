package io.tinybpf.ir;

/**
 * An entity tinybpf never needs to understand ({@code module asm}, comdats, {@code uselistorder},
 * summary entries): kept verbatim, still scanned for symbol references.
 */
public final class OtherEntity extends Entity {
    OtherEntity(String text, String newline) {
        super(text, newline);
    }
}
