package ai.induo.gateway.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The privacy policy in force ({@code induo.privacy.*}). */
@ConfigMapping(prefix = "induo.privacy")
public interface PolicyConfig {

    /**
     * The version of the privacy policy published now, which every sign-up accepts and records on the
     * account; the policy's "Last Updated" date. Set it to a new version before announcing it
     * ({@code announce-policy}).
     */
    @WithDefault("2026-02-04")
    String policyVersion();
}
