; ModuleID = 'w-xdp-blocklist/program.ll'
source_filename = "main"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

@main.blocklist = internal global { ptr, ptr, ptr, ptr } zeroinitializer, align 8

; Function Attrs: allockind("alloc,zeroed") allocsize(0)
declare noalias nonnull ptr @runtime.alloc(i64, ptr, ptr) local_unnamed_addr #0

; Function Attrs: cold noreturn nounwind memory(inaccessiblemem: write)
declare void @llvm.trap() #1

; Function Attrs: nounwind uwtable(sync)
define noundef range(i32 1, 3) i32 @xdp_blocklist(ptr readonly captures(none) dereferenceable_or_null(24) %ctx) local_unnamed_addr #2 {
entry:
  %0 = icmp eq ptr %ctx, null
  br i1 %0, label %gep.throw, label %deref.next

deref.next:                                       ; preds = %entry
  %1 = load i32, ptr %ctx, align 4
  %2 = zext i32 %1 to i64
  %3 = getelementptr inbounds nuw i8, ptr %ctx, i64 4
  %4 = load i32, ptr %3, align 4
  %5 = zext i32 %4 to i64
  %6 = add nuw nsw i64 %2, 34
  %7 = icmp samesign ugt i64 %6, %5
  br i1 %7, label %common.ret, label %if.done

common.ret:                                       ; preds = %if.then3, %if.done2, %gep.next8, %if.done, %deref.next
  %common.ret.op = phi i32 [ 2, %if.done ], [ 2, %deref.next ], [ 1, %if.then3 ], [ 2, %gep.next8 ], [ 2, %if.done2 ]
  ret i32 %common.ret.op

if.done:                                          ; preds = %deref.next
  %8 = inttoptr i64 %2 to ptr
  %9 = getelementptr inbounds nuw i8, ptr %8, i64 12
  %10 = load i8, ptr %9, align 1
  %.not = icmp eq i8 %10, 8
  br i1 %.not, label %gep.next8, label %common.ret

gep.next8:                                        ; preds = %if.done
  %11 = getelementptr inbounds nuw i8, ptr %8, i64 13
  %12 = load i8, ptr %11, align 1
  %.not6 = icmp eq i8 %12, 0
  br i1 %.not6, label %if.done2, label %common.ret

if.done2:                                         ; preds = %gep.next8
  %saddr = call align 1 dereferenceable(4) ptr @runtime.alloc(i64 4, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #4
  %13 = add nuw nsw i64 %2, 14
  %14 = inttoptr i64 %13 to ptr
  %15 = getelementptr inbounds nuw i8, ptr %14, i64 12
  %.unpack = load i8, ptr %15, align 1
  %.elt7 = getelementptr inbounds nuw i8, ptr %14, i64 13
  %.unpack8 = load i8, ptr %.elt7, align 1
  %.elt9 = getelementptr inbounds nuw i8, ptr %14, i64 14
  %.unpack10 = load i8, 
ptr %.elt9, align 1
  %.elt11 = getelementptr inbounds nuw i8, ptr %14, i64 15
  %.unpack12 = load i8, ptr %.elt11, align 1
  store i8 %.unpack, ptr %saddr, align 1
  %saddr.repack13 = getelementptr inbounds nuw i8, ptr %saddr, i64 1
  store i8 %.unpack8, ptr %saddr.repack13, align 1
  %saddr.repack15 = getelementptr inbounds nuw i8, ptr %saddr, i64 2
  store i8 %.unpack10, ptr %saddr.repack15, align 1
  %saddr.repack17 = getelementptr inbounds nuw i8, ptr %saddr, i64 3
  store i8 %.unpack12, ptr %saddr.repack17, align 1
  %16 = call ptr @main.bpfMapLookupElem(ptr nonnull @main.blocklist, ptr nonnull %saddr, ptr undef) #8
  %.not19 = icmp eq ptr %16, null
  br i1 %.not19, label %common.ret, label %if.then3

if.then3:                                         ; preds = %if.done2
  %17 = load i64, ptr %16, align 8
  %18 = add i64 %17, 1
  store i64 %18, ptr %16, align 8
  br label %common.ret

gep.throw:                                        ; preds = %entry
  call void @llvm.trap()
  unreachable
}

declare ptr @main.bpfMapLookupElem(ptr, ptr, ptr) local_unnamed_addr #3

attributes #0 = { allockind("alloc,zeroed") allocsize(0) "alloc-family"="runtime.alloc" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #1 = { cold noreturn nounwind memory(inaccessiblemem: write) }
attributes #2 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #3 = { "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #4 = { nounwind }

!llvm.ident = !{!0}
!llvm.module.flags = !{!1, !2}

!0 = !{!"TinyGo version 0.42.0"}
!1 = !{i32 2, !"Debug Info Version", i32 3}
!2 = !{i32 7, !"Dwarf Version", i32 4}
