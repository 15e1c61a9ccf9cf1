package ai.induo.e2e;

import java.time.Duration;
import java.util.Locale;

/**
 * The size of a chaos run, from system properties ({@code -Dinduo.chaos.jobs=1000} on the Maven
 * command line). The defaults fit a 2-core CI machine in a few minutes.
 *
 * @param jobs jobs submitted in all
 * @param clients client threads submitting at once, each with its own account
 * @param submitRate new submissions per second over all clients (retries come on top)
 * @param workers worker processes
 * @param databaseOutage how long the database process stays stopped
 * @param drainTimeout how long, after the last submission, every accepted job may take to end and call its webhook
 */
record ChaosSettings(int jobs, int clients, double submitRate, int workers, Duration databaseOutage,
        Duration drainTimeout) {

    static final String PREFIX = "induo.chaos.";
    static final int DEFAULT_JOBS = 300;
    static final int DEFAULT_CLIENTS = 4;
    static final double DEFAULT_SUBMIT_RATE = 3.0;
    static final int DEFAULT_WORKERS = 2;
    static final Duration DEFAULT_DATABASE_OUTAGE = Duration.ofSeconds(10);
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(3);

    ChaosSettings {
        if (jobs < 1 || clients < 1 || workers < 1 || submitRate <= 0) {
            throw new IllegalArgumentException("jobs, clients, workers and submit rate must be positive: " + jobs + ", "
                    + clients + ", " + workers + ", " + submitRate);
        }
    }

    /** The settings given as system properties {@code induo.chaos.*}, defaults for those not given. */
    static ChaosSettings fromSystemProperties() {
        return new ChaosSettings(
                Integer.parseInt(property("jobs", Integer.toString(DEFAULT_JOBS))),
                Integer.parseInt(property("clients", Integer.toString(DEFAULT_CLIENTS))),
                Double.parseDouble(property("submit-rate", Double.toString(DEFAULT_SUBMIT_RATE))),
                Integer.parseInt(property("workers", Integer.toString(DEFAULT_WORKERS))),
                duration(property("database-outage", DEFAULT_DATABASE_OUTAGE.toString())),
                duration(property("drain-timeout", DEFAULT_DRAIN_TIMEOUT.toString())));
    }

    /** A {@code Duration} as ISO-8601 ({@code PT10S}) or as the services' settings write it ({@code 10S}, {@code 3M}). */
    static Duration duration(String text) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        return Duration.parse(upper.startsWith("P") ? upper : "PT" + upper);
    }

    private static String property(String name, String defaultValue) {
        return System.getProperty(PREFIX + name, defaultValue);
    }
}
