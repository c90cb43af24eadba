//go:build tinygo

// bench: a switch on an opcode, with fallthrough and a default
// covers: switch
// program: switch_op syscall
// input: switch_op ctx=u32:0,u32:10
// input: switch_op ctx=u32:1,u32:10
// input: switch_op ctx=u32:2,u32:10
// input: switch_op ctx=u32:3,u32:10
// input: switch_op ctx=u32:4,u32:10
// input: switch_op ctx=u32:5,u32:10
// input: switch_op ctx=u32:6,u32:10
// input: switch_op ctx=u32:7,u32:10
// input: switch_op ctx=u32:100,u32:10
package main

type args struct{ Op, X uint32 }

//export switch_op
func switch_op(ctx *args) int32 {
	x := ctx.X
	switch ctx.Op {
	case 0:
		return 0
	case 1:
		x += 1
	case 2:
		x *= 3
	case 3:
		x <<= 2
		fallthrough
	case 4:
		x ^= 0x55
	case 5, 6:
		x -= 7
	case 7:
		return -1
	default:
		return -2
	}
	return int32(x)
}

func main() {}
