package io.tinybpf.fuzz;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * LLVM's own parser and verifier, called in-process through libLLVM's C API (FFM): what
 * {@code opt -passes=verify} decides, without a process per fuzz input (about 1 ms instead of
 * 50), with the same {@code -disable-auto-upgrade-debug-info} tinybpf's check passes to opt (so a
 * broken module is a rejection, not an abort of the process). Any diagnostic LLVM emits while
 * reading counts as a rejection too.
 */
final class InProcessLlvm {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final java.lang.foreign.AddressLayout ADDR = ValueLayout.ADDRESS;

    private final MethodHandle contextCreate, contextDispose, setDiagnosticHandler, memoryBuffer, parse, verify, disposeModule,
            disposeMessage;
    private final MemorySegment handlerStub;
    /** Set by the diagnostic handler; inputs are checked one at a time (the fuzzer runs one thread). */
    private static volatile boolean diagnosed;

    private InProcessLlvm(SymbolLookup lib) throws ReflectiveOperationException {
        Linker l = Linker.nativeLinker();
        contextCreate = l.downcallHandle(lib.find("LLVMContextCreate").orElseThrow(), FunctionDescriptor.of(ADDR));
        contextDispose = l.downcallHandle(lib.find("LLVMContextDispose").orElseThrow(), FunctionDescriptor.ofVoid(ADDR));
        setDiagnosticHandler = l.downcallHandle(lib.find("LLVMContextSetDiagnosticHandler").orElseThrow(),
                FunctionDescriptor.ofVoid(ADDR, ADDR, ADDR));
        memoryBuffer = l.downcallHandle(lib.find("LLVMCreateMemoryBufferWithMemoryRangeCopy").orElseThrow(),
                FunctionDescriptor.of(ADDR, ADDR, ValueLayout.JAVA_LONG, ADDR));
        parse = l.downcallHandle(lib.find("LLVMParseIRInContext").orElseThrow(), FunctionDescriptor.of(INT, ADDR, ADDR, ADDR, ADDR));
        verify = l.downcallHandle(lib.find("LLVMVerifyModule").orElseThrow(), FunctionDescriptor.of(INT, ADDR, INT, ADDR));
        disposeModule = l.downcallHandle(lib.find("LLVMDisposeModule").orElseThrow(), FunctionDescriptor.ofVoid(ADDR));
        disposeMessage = l.downcallHandle(lib.find("LLVMDisposeMessage").orElseThrow(), FunctionDescriptor.ofVoid(ADDR));
        MethodHandle onDiagnostic = MethodHandles.lookup().findStatic(InProcessLlvm.class, "onDiagnostic",
                MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class));
        handlerStub = l.upcallStub(onDiagnostic, FunctionDescriptor.ofVoid(ADDR, ADDR), Arena.global());
        // as tinybpf's own check runs opt: without it the reader aborts the process on a broken module with debug info
        MethodHandle options = l.downcallHandle(lib.find("LLVMParseCommandLineOptions").orElseThrow(),
                FunctionDescriptor.ofVoid(INT, ADDR, ADDR));
        Arena g = Arena.global();
        MemorySegment argv = g.allocate(ADDR, 2);
        argv.setAtIndex(ADDR, 0, g.allocateFrom("tinybpf-fuzz"));
        argv.setAtIndex(ADDR, 1, g.allocateFrom("-disable-auto-upgrade-debug-info"));
        try {
            options.invokeExact(2, argv, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void onDiagnostic(MemorySegment info, MemorySegment ctx) {
        diagnosed = true;
    }

    static final Optional<InProcessLlvm> INSTANCE = load();

    private static Optional<InProcessLlvm> load() {
        for (int major : List.of(22, 21, 20, 19)) {
            Path lib = Path.of("/usr/lib/llvm-" + major + "/lib/libLLVM.so");
            if (!Files.exists(lib)) continue;
            try {
                return Optional.of(new InProcessLlvm(SymbolLookup.libraryLookup(lib, Arena.global())));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** True when LLVM parses {@code ir} without a diagnostic and its verifier accepts the module. */
    synchronized boolean accepts(String ir) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ctx = (MemorySegment) contextCreate.invokeExact();
            try {
                diagnosed = false;
                setDiagnosticHandler.invokeExact(ctx, handlerStub, MemorySegment.NULL);
                byte[] bytes = ir.getBytes(StandardCharsets.UTF_8);
                MemorySegment data = a.allocate(bytes.length + 1L);
                MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
                MemorySegment buf = (MemorySegment) memoryBuffer.invokeExact(data, (long) bytes.length, a.allocateFrom("fuzz.ll"));
                MemorySegment outModule = a.allocate(ADDR);
                MemorySegment outMsg = a.allocate(ADDR);
                int failed = (int) parse.invokeExact(ctx, buf, outModule, outMsg); // takes the buffer
                MemorySegment msg = outMsg.get(ADDR, 0);
                if (!msg.equals(MemorySegment.NULL)) disposeMessage.invokeExact(msg);
                if (failed != 0) return false;
                MemorySegment module = outModule.get(ADDR, 0);
                MemorySegment vmsg = a.allocate(ADDR);
                int broken = (int) verify.invokeExact(module, 2 /* LLVMReturnStatusAction */, vmsg);
                MemorySegment m = vmsg.get(ADDR, 0);
                if (!m.equals(MemorySegment.NULL)) disposeMessage.invokeExact(m);
                disposeModule.invokeExact(module);
                return broken == 0 && !diagnosed;
            } finally {
                contextDispose.invokeExact(ctx);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("libLLVM call failed", t);
        }
    }
}
