package io.tinybpf.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** Named {@code opt} pipelines. An unknown name is an error, not a silent default. */
public final class OptProfiles {
    private OptProfiles() {}

    public static final Map<String, String> PROFILES = new LinkedHashMap<>();

    static {
        PROFILES.put("conservative", "default<O1>");
        PROFILES.put("default", "default<Os>");
        PROFILES.put("aggressive", "default<O2>");
        // No inlining and no loop transforms: keeps each Go function a separately verified BPF
        // subprogram and keeps the bounds checks the verifier needs where the source wrote them.
        PROFILES.put("verifier-safe", "function(sroa,early-cse<memssa>,instcombine,simplifycfg<bonus-inst-threshold=4>,"
                + "gvn,dse,mem2reg,adce,sccp,instcombine,simplifycfg<bonus-inst-threshold=4>,adce)");
    }

    /**
     * Between the early transform passes and the others: inline and simplify TinyGo's unoptimized
     * IR, without loop passes (they would fold packet bounds checks into trip counts the verifier
     * cannot follow). Allocation sizes become constants where Go code passes them, so heap-to-stack
     * sees them; the real optimization comes later with {@code --opt-profile}.
     */
    public static final String PRE_TRANSFORM = "function(sroa,early-cse<memssa>,instcombine<no-verify-fixpoint>,simplifycfg),"
            + "cgscc(inline),function(sroa,early-cse<memssa>,instcombine<no-verify-fixpoint>,simplifycfg),globaldce";

    /**
     * LLVM adds its BPF IR passes (CO-RE member access lowering among them) only through the
     * pipeline-start hook of {@code default<...>} pipelines, so an explicit pass list runs after
     * {@code default<O0>}, which invokes the hook and does nothing else of note.
     */
    public static String withBpfPasses(String pipeline) {
        String p = pipeline.strip();
        return p.startsWith("default<") ? p : "default<O0>," + p;
    }

    /** The pipeline for a profile name, or null when unknown. */
    public static String pipeline(String profile) {
        String p = PROFILES.get(profile.strip().toLowerCase(java.util.Locale.ROOT));
        return p == null ? null : withBpfPasses(p);
    }
}
