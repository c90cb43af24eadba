//go:build tinygo

// bench: struct equality: two 12-byte flow keys compared with ==
// covers: struct equality
// program: struct_eq syscall
// input: struct_eq ctx=u32:1,u32:2,u16:3,u16:4,u32:1,u32:2,u16:3,u16:4
// input: struct_eq ctx=u32:1,u32:2,u16:3,u16:4,u32:9,u32:2,u16:3,u16:4
// input: struct_eq ctx=u32:1,u32:2,u16:3,u16:4,u32:1,u32:2,u16:3,u16:5
// input: struct_eq ctx=u32:1,u32:2,u16:3,u16:4,u32:1,u32:7,u16:3,u16:4
package main

type flow struct {
	Saddr, Daddr uint32
	Sport, Dport uint16
}

type args struct{ A, B flow }

//export struct_eq
func struct_eq(ctx *args) int32 {
	if ctx.A == ctx.B {
		return 1
	}
	return 0
}

func main() {}
