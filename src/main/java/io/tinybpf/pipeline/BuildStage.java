package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Stage;
import java.nio.file.Path;

/**
 * One stage of a build as an object: its {@link Stage} (the name it is timed, cached and
 * reported under) and what it makes of the previous stage's result. {@link StageRunner} runs
 * them; {@link Pipeline} says in which order. The stages themselves are in {@link Stages}.
 *
 * @param <I> what the stage starts from
 * @param <O> what it hands to the next
 */
sealed interface BuildStage<I, O> permits BuildStage.FileStage, Stages.DiscoverTools, Stages.CheckAttachTargets,
        Stages.HashSources, Stages.NormalizeInputs, Stages.LinkModules, Stages.TransformIr, Stages.CheckOptimized,
        Stages.ValidateObject, Stages.VerifyInKernel, Stages.WriteObject {
    Stage stage();

    O run(I input) throws BuildException;

    /**
     * A stage whose whole result is one file, and so can come from the build cache: under
     * {@link #key}, the file's bytes are what the stage would write to {@link #output}.
     */
    sealed interface FileStage<I> extends BuildStage<I, Path> permits Stages.CompileGo, Stages.Optimize, Stages.Codegen {
        /** Everything the output depends on (see {@link CacheKeys}); null when it cannot be named. */
        String key(I input) throws BuildException;

        Path output();
    }
}
