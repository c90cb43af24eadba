package bpf

import "unsafe"

// Typed forms of the commonest helper calls: the size comes from the type, so a read can never
// be longer than its destination. Each inlines to the one helper call.

// ReadKernel copies *src from kernel memory into dst (bpf_probe_read_kernel); src is typically a
// field of a CO-RE type (&task.Pid), whose offset libbpf relocates. 0 or a negative errno, dst
// zeroed on failure.
func ReadKernel[T any](dst *T, src *T) int64 {
	return bpfProbeReadKernel(unsafe.Pointer(dst), uint32(unsafe.Sizeof(*dst)), unsafe.Pointer(src))
}

// ReadUser copies a T from user memory at addr into dst (bpf_probe_read_user), e.g. a system
// call's pointer argument from a tracepoint context. 0 or a negative errno.
func ReadUser[T any](dst *T, addr uint64) int64 {
	return bpfProbeReadUser(unsafe.Pointer(dst), uint32(unsafe.Sizeof(*dst)), addrPtr(addr))
}

// ReadUserStr copies a NUL-terminated string from user memory at addr into dst
// (bpf_probe_read_user_str); the length copied including the NUL, or a negative errno.
func ReadUserStr(dst []byte, addr uint64) int64 {
	if len(dst) == 0 {
		return -22 // -EINVAL
	}
	return bpfProbeReadUserStr(unsafe.Pointer(&dst[0]), uint32(len(dst)), addrPtr(addr))
}

// ReadKernelStr copies a NUL-terminated string from kernel memory at src into dst.
func ReadKernelStr(dst []byte, src unsafe.Pointer) int64 {
	if len(dst) == 0 {
		return -22
	}
	return bpfProbeReadKernelStr(unsafe.Pointer(&dst[0]), uint32(len(dst)), src)
}

// CurrentComm fills comm with the running task's name (bpf_get_current_comm).
func CurrentComm(comm *[16]byte) int64 { return bpfGetCurrentComm(unsafe.Pointer(comm), 16) }

// CurrentPid returns the running thread's id (the kernel's pid; bpf_get_current_pid_tgid).
func CurrentPid() uint32 { return uint32(bpfGetCurrentPidTgid()) }

// CurrentTgid returns the running process's id (the kernel's tgid, what userspace calls the pid).
func CurrentTgid() uint32 { return uint32(bpfGetCurrentPidTgid() >> 32) }

// GetCurrentTaskPtr returns the running task (bpf_get_current_task) as a pointer to convert to
// your CO-RE type for task_struct: task := (*bpfCoreTaskStruct)(bpf.GetCurrentTaskPtr()).
func GetCurrentTaskPtr() unsafe.Pointer { return addrPtr(bpfGetCurrentTask()) }
