__attribute__((noinline)) int twice(int x)
{
    return x * 2;
}
