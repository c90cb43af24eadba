; ModuleID = 'w-tracepoint-connect/program.ll'
source_filename = "main"
































target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

@main.events = internal global { ptr, ptr, ptr } zeroinitializer, align 8

; Function Attrs: allockind("alloc,zeroed") allocsize(0)
declare noalias nonnull ptr @runtime.alloc(i64, ptr, ptr) local_unnamed_addr #0

; Function Attrs: nounwind uwtable(sync)
define noundef i32 @handle_connect(ptr readonly captures(none) %ctx) local_unnamed_addr #1 {
entry:
  %sa = call align 2 dereferenceable(16) ptr @runtime.alloc(i64 16, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #4
  %0 = getelementptr inbounds nuw i8, ptr %ctx, i64 24
  %1 = load i64, ptr %0, align 8
  %2 = inttoptr i64 %1 to ptr
  %3 = call i64 @main.bpfProbeReadUser(ptr nonnull %sa, i32 16, ptr %2, ptr undef) #4
  %.not = icmp eq i64 %3, 0
  br i1 %.not, label %deref.next3, label %common.ret

common.ret:                                       ; preds = %if.done2, %deref.next3, %entry
  ret i32 0

deref.next3:                                      ; preds = %entry
  %4 = load i16, ptr %sa, align 2
  %.not10 = icmp eq i16 %4, 2
  br i1 %.not10, label %if.done2, label %common.ret

if.done2:                                         ; preds = %deref.next3
  %ev = call align 4 dereferenceable(28) ptr @runtime.alloc(i64 28, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #4
  %5 = call i64 @main.bpfGetCurrentPidTgid(ptr undef) #4
  %6 = lshr i64 %5, 32
  %7 = trunc nuw i64 %6 to i32
  store i32 %7, ptr %ev, align 4
  %8 = getelementptr inbounds nuw i8, ptr %ev, i64 4
  %9 = getelementptr inbounds nuw i8, ptr %sa, i64 2
  %10 = load i16, ptr %9, align 2
  %11 = call i16 @llvm.bswap.i16(i16 %10)
  store i16 %11, ptr %8, align 2
  %12 = getelementptr inbounds nuw i8, ptr %ev, i64 6
  %13 = load i16, ptr %sa, align 2
  store i16 %13, ptr %12, align 2
  %14 = getelementptr inbounds nuw i8, ptr %ev, i64 8
  %15 = getelementptr inbounds nuw i8, ptr %sa, i64 4
  %.unpack = load i8, ptr %15, align 1
  %.elt11 = getelementptr inbounds nuw i8, ptr %sa, i64 5
  %.unpack12 = load i8, ptr %.elt11, align 1
  %.elt13 = getelementptr inbounds nuw i8, ptr %sa, i64 6
  %.unpack14 = load i8, ptr %.elt13, align 1
  %.elt15 = getelementptr inbounds nuw i8, ptr %sa, i64 7
  %.unpack16 = load i8, ptr %.elt15, align 1
  store i8 %.unpack, ptr %14, align 1
  %.repack17 = getelementptr inbounds nuw i8, ptr %ev, i64 9
  store i8 %.unpack12, ptr %.repack17, align 1
  %.repack19 = getelementptr inbounds nuw i8, ptr %ev, i64 10
  store i8 %.unpack14, ptr %.repack19, align 1
  %.repack21 = getelementptr inbounds nuw i8, ptr %ev, i64 11
  store i8 %.unpack16, ptr %.repack21, align 1
  %16 = getelementptr inbounds nuw i8, ptr %ev, i64 12
  %17 = call i64 @main.bpfGetCurrentComm(ptr nonnull %16, i32 16, ptr undef) #4
  %18 = call i64 @main.bpfRingbufOutput(ptr nonnull @main.events, ptr nonnull %ev, i64 28, i64 0, ptr undef) #4
  br label %common.ret
}

declare i64 @main.bpfProbeReadUser(ptr, i32, ptr, ptr) local_unnamed_addr #2

declare i64 @main.bpfGetCurrentPidTgid(ptr) local_unnamed_addr #2

declare i64 @main.bpfGetCurrentComm(ptr, i32, ptr) local_unnamed_addr #2

declare i64 @main.bpfRingbufOutput(ptr, ptr, i64, i64, ptr) local_unnamed_addr #2

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i16 @llvm.bswap.i16(i16) #3

attributes #0 = { allockind("alloc,zeroed") allocsize(0) "alloc-family"="runtime.alloc" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #1 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,source_filename,+x87" }
attributes #2 = { "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #3 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #4 = { nounwind }

!llvm.ident = !{!0}
!llvm.module.flags = !{!1, !2}

!0 = !{!"TinyGo version 0.42.0"}
!1 = !{i32 2, !"Debug Info Version", i32 3}
!2 = !{i32 7, !"Dwarf Version", i32 4}
