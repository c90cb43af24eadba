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

    /** The pipeline for a profile name, or null when unknown. */
    public static String pipeline(String profile) {
        return PROFILES.get(profile.strip().toLowerCase(java.util.Locale.ROOT));
    }
}
