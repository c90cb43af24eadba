// kfunc externs (__ksym) and a __kconfig extern, called from BTF-enabled programs.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct task_struct;

extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern int LINUX_KERNEL_VERSION __kconfig;

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __s32);
    __type(value, __u64);
} seen SEC(".maps");

SEC("tp_btf/task_newtask")
int on_newtask(__u64 *ctx)
{
    struct task_struct *t = bpf_task_from_pid(1);
    if (t) {
        __s32 k = 1;
        __u64 v = LINUX_KERNEL_VERSION;
        bpf_map_update_elem(&seen, &k, &v, BPF_ANY);
        bpf_task_release(t);
    }
    return 0;
}

SEC("syscall")
int lookup_init(void *ctx)
{
    struct task_struct *t = bpf_task_from_pid(1);
    if (!t)
        return 1;
    bpf_task_release(t);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
