package io.tinybpf.ir;

/** Token kinds of LLVM assembly (kept as bytes so token streams are packed arrays, not objects). */
public final class Tok {
    private Tok() {}

    /** {@code @name}, {@code @"quoted name"}, {@code @42}. */
    public static final byte GLOBAL = 1;
    /** {@code %name}, {@code %"quoted"}, {@code %42}. */
    public static final byte LOCAL = 2;
    /** {@code !42}. */
    public static final byte META_ID = 3;
    /** {@code !name}, {@code !DILocation}, {@code !llvm.dbg.cu}. */
    public static final byte META_NAME = 4;
    /** {@code #42} (attribute group reference or definition). */
    public static final byte ATTR_ID = 5;
    /** {@code $name} (comdat). */
    public static final byte COMDAT = 6;
    /** {@code ^42} (summary entry). */
    public static final byte SUMMARY = 7;
    /** A string literal, including the {@code c"..."} form. */
    public static final byte STRING = 8;
    /** {@code name:}, {@code "quoted":}, {@code 42:} — block labels and metadata field keys. */
    public static final byte LABEL = 9;
    /** Keywords, types, numbers, other identifiers. */
    public static final byte WORD = 10;
    /** A single punctuation character, or {@code ...}. */
    public static final byte PUNCT = 11;
    /** {@code #dbg_value}, {@code #dbg_declare}, ... (debug record keyword). */
    public static final byte DBG_RECORD = 12;
    /** {@code ; comment} up to the end of the line. */
    public static final byte COMMENT = 13;
    /** A character the lexer does not understand (kept so nothing is ever lost). */
    public static final byte UNKNOWN = 14;

    public static String name(byte kind) {
        return switch (kind) {
            case GLOBAL -> "global";
            case LOCAL -> "local";
            case META_ID -> "metadata-id";
            case META_NAME -> "metadata-name";
            case ATTR_ID -> "attribute-id";
            case COMDAT -> "comdat";
            case SUMMARY -> "summary";
            case STRING -> "string";
            case LABEL -> "label";
            case WORD -> "word";
            case PUNCT -> "punct";
            case DBG_RECORD -> "debug-record";
            case COMMENT -> "comment";
            default -> "unknown";
        };
    }
}
