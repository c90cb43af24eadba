this is not llvm ir
