package ai.induo.gateway.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the operator API on the management interface (docs/operations.md, "Operator access"). */
@ConfigMapping(prefix = "induo.operator")
public interface OperatorConfig {

    /** How often a token's {@code last_used_at} is written at most, so authenticating stays a single read. */
    @WithDefault("1M")
    Duration lastUsedInterval();

    /** The largest request body an operator route reads, in bytes; a larger one answers {@code 413}. */
    @WithDefault("65536")
    int maxBodyBytes();

    /** The most audit entries one {@code GET /operator/v1/audit} page holds. */
    @WithDefault("500")
    int maxAuditPage();
}
