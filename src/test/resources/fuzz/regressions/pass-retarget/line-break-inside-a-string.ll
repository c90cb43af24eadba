; ModUleID = 'w-kfunc-task/program.ll'
source_filename = "m-p546:64:64-i64:6-f80:16n-881:2:32:64-S128‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹dame

attributes nouÿÿÿÿÿÿÿÿ @cdn"
target triple = "x86_bihf"

; Function At/prw