; ModuleID = 'w-rawtp-exec/program.ll'
source_filename = "main"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

@main.events = internal global { ptr, ptr, ptr } zeroinitializer, align 8

; Function Attrs: allockind("alloc,zeroed") allocsize(0)
declare noalias nonnull ptr @runtime.alloc(i64, ptr, ptr) local_unnamed_addr #0

; Function Attrs: nounwind uwtable(sync)
define noundef i32 @handle_exec(ptr readnone captures(none) %ctx) local_unnamed_addr #1 {
entry:
  %0 = call i64 @main.bpfGetCurrentTask(ptr undef) #3
  %1 = inttoptr i64 %0 to ptr
  %ev = call align 4 dereferenceable(40) ptr @runtime.alloc(i64 40, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #3
  %2 = call i64 @main.bpfProbeReadKernel(ptr nonnull %ev, i32 4, ptr %1, ptr undef) #3
  %3 = getelementptr inbounds nuw i8, ptr %ev, i64 4
  %4 = getelementptr inbounds nuw i8, ptr %1, i64 4
  %5 = call i64 @main.bpfProbeReadKernel(ptr nonnull %3, i32 4, ptr nonnull %4, ptr undef) #3
  %6 = getelementptr inbounds nuw i8, ptr %ev, i64 24
  %7 = getelementptr inbounds nuw i8, ptr %1, i64 16
  %8 = call i64 @main.bpfProbeReadKernel(ptr nonnull %6, i32 16, ptr nonnull %7, ptr undef) #3
  %parent = call align 8 dereferenceable(8) ptr @runtime.alloc(i64 8, ptr nonnull inttoptr (i64 131 to ptr), ptr undef) #3
  %9 = getelementptr inbounds nuw i8, ptr %1, i64 8
  %10 = call i64 @main.bpfProbeReadKernel(ptr nonnull %parent, i32 8, ptr nonnull %9, ptr undef) #3
  %11 = load ptr, ptr %parent, align 8
  %.not = icmp eq ptr %11, null
  br i1 %.not, label %if.done, label %gep.next

gep.next:                                         ; preds = %entry
  %12 = getelementptr inbounds nuw i8, ptr %ev, i64 8
  %13 = getelementptr inbounds nuw i8, ptr %11, i64 4
  %14 = call i64 @main.bpfProbeReadKernel(ptr nonnull %12, i32 4, ptr nonnull %13, ptr undef) #3
  br label %if.done

if.done:                                          ; preds = %gep.next, %entry
  %15 = call i64 @main.bpfGetCurrentPidTgid(ptr undef) #3
  %16 = getelementptr inbounds nuw i8, ptr %ev, i64 12
  %17 = trunc i64 %15 to i32
  store i32 %17, ptr %16, align 4
  %18 = getelementptr inbounds nuw i8, ptr %ev, i64 16
  %19 = lshr i64 %15, 32
  %20 = trunc nuw i64 %19 to i32
  store i32 %20, ptr %18, align 4
  %21 = call i64 @main.bpfRingbufOutput(ptr nonnull @main.events, ptr nonnull %ev, i64 40, i64 0, ptr undef) #3
  ret i32 0
}

declare i64 @main.bpfGetCurrentTask(ptr) local_unnamed_addr #2

declare i64 @main.bpfProbeReadKernel(ptr, i32, ptr, ptr) local_unnamed_addr #2

declare i64 @main.bpfGetCurrentPidTgid(ptr) local_unnamed_addr #2

declare i64 @main.bpfRingbufOutput(ptr, ptr, i64, i64, ptr) local_unnamed_addr #2

attributes #0 = { allockind("alloc,zeroed") allocsize(0) "alloc-family"="runtime.alloc" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #1 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #2 = { "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #3 = { nounwind }

!llvm.ident = !{!0}
!llvm.module.flags = !{!1, !2}

!0 = !{!"TinyGo version 0.42.0"}
!1 = !{i32 2, !"Debug Info Version", i32 3}
!2 = !{i32 7, !"Dwarf Version", i32 4}
