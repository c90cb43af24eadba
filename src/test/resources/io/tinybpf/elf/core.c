// CO-RE reads through minimal kernel struct definitions (no vmlinux.h needed).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct {
    int pid;
    int tgid;
    struct task_struct *real_parent;
} __attribute__((preserve_access_index));

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __s32);
} parent_tgid SEC(".maps");

SEC("kprobe/do_exit")
int on_exit(void *ctx)
{
    struct task_struct *t = (void *)bpf_get_current_task();
    __s32 ppid = BPF_CORE_READ(t, real_parent, tgid);
    if (!bpf_core_field_exists(t->pid))
        return 0;
    __u32 k = 0;
    bpf_map_update_elem(&parent_tgid, &k, &ppid, BPF_ANY);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
