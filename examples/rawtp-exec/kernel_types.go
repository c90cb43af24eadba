package main

// bpfCoreTaskStruct declares the task_struct fields this program reads. A bpfCore<Name> type is
// matched by name against the kernel's <name> (task_struct) and its fields by their snake_case
// names (RealParent is real_parent); order and offsets here do not matter.
type bpfCoreTaskStruct struct {
	Pid        int32
	Tgid       int32
	RealParent *bpfCoreTaskStruct
	Comm       [16]byte
}
