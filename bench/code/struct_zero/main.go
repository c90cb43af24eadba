//go:build tinygo

// bench: comparison with the zero struct, then a field read
// covers: struct equality (zero value)
// program: struct_zero syscall
// input: struct_zero ctx=u32:0,u32:0,u16:0,u16:0
// input: struct_zero ctx=u32:0,u32:0,u16:0,u16:7
// input: struct_zero ctx=u32:5,u32:0,u16:9,u16:0
package main

type flow struct {
	Saddr, Daddr uint32
	Sport, Dport uint16
}

type args struct{ F flow }

//export struct_zero
func struct_zero(ctx *args) int32 {
	if ctx.F == (flow{}) {
		return 0
	}
	return int32(ctx.F.Sport) + int32(ctx.F.Dport) + 1
}

func main() {}
