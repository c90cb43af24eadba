package io.tinybpf.toolchain;

import io.tinybpf.diag.BuildException;
import java.nio.file.Path;
import java.util.List;

/**
 * The LLVM stages of a build. Today they run as subprocesses ({@link SubprocessLlvmBackend}); an
 * in-process libLLVM backend (through FFM) can implement the same interface.
 */
public interface LlvmBackend {
    /** Links modules (text or bitcode) into one textual module. */
    void link(List<Path> inputs, Path output) throws BuildException;

    /** Runs an optimization pipeline ({@code default<O2>} or an explicit pass list). */
    void optimize(Path input, Path output, String passPipeline, String cpu) throws BuildException;

    /**
     * Generates a BPF object (code, BTF, BTF.ext). {@code sourceDir} is the working directory, so
     * relative source paths in debug info resolve and source lines land in BTF line info.
     */
    void codegen(Path input, Path output, String cpu, Path sourceDir) throws BuildException;

    /** Checks that a module is valid LLVM IR (parses and passes the IR verifier), so the transform only sees valid IR. */
    void verify(Path input) throws BuildException;

    /** Extracts embedded bitcode ({@code .llvmbc}) from an object file. */
    void extractBitcode(Path object, Path output) throws BuildException;

    /** Unpacks an archive's members into {@code dir}; returns them in archive order. */
    List<Path> unpackArchive(Path archive, Path dir) throws BuildException;

}
