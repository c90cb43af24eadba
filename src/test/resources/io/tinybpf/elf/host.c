// Ordinary host C: compiled without -target bpf it must be rejected as a BPF object.
int add(int a, int b)
{
    return a + b;
}
