; ModuleID = 'w-kfunc-task/program.ll'
source_filename = "main"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

; Function Attrs: cold noreturn nounwind memory(inaccessiblemem: write)
declare void @llvm.trap() #0

; Function Attrs: nounwind uwtable(sync)
define noundef range(i32 0, 2) i32 @lookup_task(ptr captures(none) dereferenceable_or_null(12) %ctx) local_unnamed_addr #1 {
entry:
  %0 = icmp eq ptr %ctx, null
  br i1 %0, label %gep.throw, label %deref.next

deref.next:                                       ; preds = %entry
  %1 = load i32, ptr %ctx, align 4
  %2 = call ptr @main.bpfKfuncBpfTaskFromPid(i32 %1, ptr undef) #3
  %3 = icmp eq ptr %2, null
  br i1 %3, label %store.next, label %deref.next3

common.ret:                                       ; preds = %deref.next3, %store.next
  %common.ret.op = phi i32 [ 0, %store.next ], [ 1, %deref.next3 ]
  ret i32 %common.ret.op

store.next:                                       ; preds = %deref.next
  %4 = getelementptr inbounds nuw i8, ptr %ctx, i64 8
  store i32 0, ptr %4, align 4
  br label %common.ret

deref.next3:                                      ; preds = %deref.next
  %5 = getelementptr inbounds nuw i8, ptr %2, i64 4
  %6 = load i32, ptr %5, align 4
  %7 = getelementptr inbounds nuw i8, ptr %ctx, i64 4
  store i32 %6, ptr %7, align 4
  %8 = getelementptr inbounds nuw i8, ptr %ctx, i64 8
  store i32 1, ptr %8, align 4
  call void @main.bpfKfuncBpfTaskRelease(ptr nonnull %2, ptr undef) #3
  br label %common.ret

gep.throw:                                        ; preds = %entry
  call void @llvm.trap()
  unreachable
}

declare ptr @main.bpfKfuncBpfTaskFromPid(i32, ptr) local_unnamed_addr #2

declare void @main.bpfKfuncBpfTaskRelease(ptr dereferenceable_or_null(8), ptr) local_unnamed_addr #2

; Function Attrs: nounwind uwtable(sync)
define noundef range(i32 0, 2) i32 @unlink_task(ptr readnone captures(none) %ctx) local_unnamed_addr #1 {
entry:
  %0 = call i64 @main.bpfGetCurrentPidTgid(ptr undef) #3
  %1 = trunc i64 %0 to i32
  %2 = call ptr @main.bpfKfuncBpfTaskFromPid(i32 %1, ptr undef) #3
  %3 = icmp eq ptr %2, null
  br i1 %3, label %common.ret, label %deref.next

common.ret:                                       ; preds = %deref.next, %entry
  %common.ret.op = phi i32 [ 0, %entry ], [ %., %deref.next ]
  ret i32 %common.ret.op

deref.next:                                       ; preds = %entry
  %4 = getelementptr inbounds nuw i8, ptr %2, i64 4
  %5 = load i32, ptr %4, align 4
  call void @main.bpfKfuncBpfTaskRelease(ptr nonnull %2, ptr undef) #3
  %6 = icmp eq i32 %5, 0
  %. = zext i1 %6 to i32
  br label %common.ret
}

declare i64 @main.bpfGetCurrentPidTgid(ptr) local_unnamed_addr #2

attributes #0 = { cold noreturn nounwind memory(inaccessiblemem: write) }
attributes #1 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #2 = { "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #3 = { nounwind }

!llvm.ident = !{!0}
!llvm.module.flags = !{!1, !2}

!0 = !{!"TinyGo version 0.42.0"}
!1 = !{i32 2, !"Debug Info Version", i32 3}
!2 = !{i32 7, !"Dwarf Version", i32 4}
