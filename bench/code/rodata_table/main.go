//go:build tinygo

// bench: read-only tables: a weight table indexed at run time, a table of port ranges searched in a loop
// covers: rodata tables
// program: rodata_table syscall
// input: rodata_table ctx=u32:0,u16:22
// input: rodata_table ctx=u32:5,u16:80
// input: rodata_table ctx=u32:7,u16:8080
// input: rodata_table ctx=u32:3,u16:5353
// input: rodata_table ctx=u32:9,u16:1
package main

type portRange struct {
	Lo, Hi  uint16
	Verdict int32
}

var weights = [8]uint32{1, 2, 4, 8, 16, 32, 64, 128}

var ranges = [4]portRange{
	{Lo: 20, Hi: 23, Verdict: 1},
	{Lo: 80, Hi: 80, Verdict: 2},
	{Lo: 1024, Hi: 4999, Verdict: 3},
	{Lo: 8000, Hi: 8999, Verdict: 4},
}

type args struct {
	Idx  uint32
	Port uint16
}

//export rodata_table
func rodata_table(ctx *args) int32 {
	w := int32(weights[ctx.Idx&7])
	for _, r := range ranges {
		if ctx.Port >= r.Lo && ctx.Port <= r.Hi {
			return r.Verdict*1000 + w
		}
	}
	return w
}

func main() {}
