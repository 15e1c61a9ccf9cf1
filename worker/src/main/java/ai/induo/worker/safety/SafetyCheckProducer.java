package ai.induo.worker.safety;

import ai.induo.common.safety.SafetyCheck;
import ai.induo.common.safety.SafetyRule;
import ai.induo.worker.config.WorkerConfig;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The built-in {@link SafetyRule} as the worker's {@link SafetyCheck}, unless another bean (a classifier) is one. */
@ApplicationScoped
public class SafetyCheckProducer {

    @Produces
    @Singleton
    @DefaultBean
    SafetyCheck safetyRule(WorkerConfig config) {
        try {
            return new SafetyRule(config.safety().skinFraction());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid induo.worker.safety.skin-fraction: " + e.getMessage(), e);
        }
    }
}
