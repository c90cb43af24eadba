; A 16-byte unnamed_addr constant is mergeable to llc: it gets a second ".rodata" section (SHF_MERGE),
; which loaders and BTF take for the same one as threshold's. ObjectValidator must reject the result.
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@table = unnamed_addr constant [4 x i32] [i32 10, i32 20, i32 30, i32 40], section ".rodata", align 4
@threshold = constant i32 0, section ".rodata", align 4
@_license = global [4 x i8] c"GPL\00", section "license", align 1

define i32 @prog(ptr %ctx) section "socket" {
  %t = load volatile i32, ptr @threshold
  %p = getelementptr [4 x i32], ptr @table, i64 0, i32 %t
  %v = load i32, ptr %p
  ret i32 %v
}
