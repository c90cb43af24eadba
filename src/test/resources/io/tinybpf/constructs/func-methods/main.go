//go:build tinygo

// construct: methods with value and pointer receivers
// category: functions
// program: prog syscall
// run: prog ctx=u32:3 => 8
package main

type args struct{ X uint32 }

type counter struct{ n uint32 }

func (c *counter) add(d uint32) { c.n += d }
func (c counter) twice() uint32  { return c.n * 2 }

//export prog
func prog(ctx *args) int32 {
	var c counter
	c.add(ctx.X)
	c.add(1)
	return int32(c.twice())
}

func main() {}
