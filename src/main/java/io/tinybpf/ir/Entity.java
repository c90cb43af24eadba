package io.tinybpf.ir;

/** A top-level entity of a module, in source order. */
public abstract sealed class Entity extends Node
        permits Trivia, HeaderLine, TypeDef, GlobalVar, Function, Alias, AttributeGroup, MetadataDef,
                NamedMetadata, OtherEntity {
    Entity(String text, String newline) {
        super(text, newline);
    }
}
