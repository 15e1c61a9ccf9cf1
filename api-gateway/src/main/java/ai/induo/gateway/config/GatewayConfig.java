package ai.induo.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the public API gateway. */
@ConfigMapping(prefix = "induo.gateway")
public interface GatewayConfig {

    /** The URL clients reach this gateway at; output URLs are built on it. */
    @WithDefault("http://127.0.0.1:8080")
    URI publicBaseUrl();

    /** Upload limits. */
    Uploads uploads();

    /** Signed output URLs. */
    Outputs outputs();

    /** Webhook delivery. */
    Webhooks webhooks();

    /** Fetching input images given by URL. */
    Inputs inputs();

    /** Background sweepers. */
    Sweepers sweepers();

    /** Dashboard sign-in: session tokens and the throttle on failed sign-ins. */
    Sessions sessions();

    /** API keys. */
    ApiKeySettings apiKeys();

    /** How long images are kept. */
    Retention retention();

    /** {@code Idempotency-Key} on requests that create something. */
    Idempotency idempotency();

    /** The request log behind {@code GET /v1/logs}. */
    RequestLog requestLog();

    /**
     * Proxies (CIDRs such as {@code 10.0.0.0/8}) whose {@code X-Forwarded-For} is believed for the
     * client address in the request log and the per-client rate limit of sign-up and sign-in. Empty:
     * the connection's peer is the client.
     */
    Optional<List<String>> trustedProxies();

    /**
     * Limits by plan name ({@code induo.gateway.plans."<plan>".*}). An account's plan that is not
     * configured gets the {@code default} plan's limits.
     */
    @WithDefaults
    Map<String, Plan> plans();

    /** The request rate per client address on the routes that need no authentication (sign-up, sign-in). */
    UnauthenticatedRate unauthenticatedRate();

    /** Longest {@code ?wait=} a status request may hold. */
    @WithDefault("60S")
    Duration maxWait();

    /** Model name recorded on jobs and sent to workers. */
    @WithDefault("induo-demo-tryon")
    String model();

    /**
     * Accepted jobs that may wait for the queue while it is down; past this many, submissions are
     * refused with {@code 503 service_unavailable} until the queue takes them.
     */
    @WithDefault("10000")
    long outboxLimit();

    /** The limits of one plan. */
    interface Plan {
        /** Tokens each API key (or dashboard session's account) gets back per second. */
        @WithDefault("10")
        double requestsPerSecond();

        /** Most requests an API key may make at once: its bucket's size. */
        @WithDefault("20")
        int burst();

        /**
         * Tokens the account's own bucket gets back per second. Every request of the account's API keys
         * and sessions takes one from it as well as from its key's bucket, so many keys do not multiply
         * the plan.
         */
        @WithDefault("50")
        double accountRequestsPerSecond();

        /** Most requests the API keys and sessions of an account may make at once, all together. */
        @WithDefault("100")
        int accountBurst();

        /** Most jobs an account may have queued or running at once. */
        @WithDefault("50")
        int maxActiveJobs();

        /**
         * Most long-polls ({@code ?wait=}) and event streams an account may hold open at once in one
         * gateway instance; past it they are refused with {@code 429 too_many_streams}.
         */
        @WithDefault("100")
        int maxStreams();
    }

    /**
     * The request rate per client address of sign-up and sign-in: a token bucket per address, counted
     * in each gateway instance's memory.
     */
    interface UnauthenticatedRate {
        /** Tokens each client address gets back per second. */
        @WithDefault("0.2")
        double requestsPerSecond();

        /** Most requests a client address may make at once: its bucket's size. */
        @WithDefault("10")
        int burst();

        /**
         * Client addresses whose buckets are kept at once; past it the least used are dropped early,
         * which lets their next requests start with a full bucket. Bounds the memory the limit takes.
         */
        @WithDefault("100000")
        long maxClients();
    }

    /** Upload limits. */
    interface Uploads {
        /** Largest accepted image, in bytes. */
        @WithDefault("10485760")
        long maxImageBytes();

        /** Largest accepted image, in pixels (width × height, read from the header). */
        @WithDefault("25000000")
        long maxImagePixels();

        /** Most product images per job. */
        @WithDefault("4")
        int maxProductImages();

        /**
         * Largest body of a job submission, in bytes (72 MiB): five images of 10 MiB, base64-inflated in
         * a JSON body, plus form overhead; every other endpoint takes at most 16 KiB. {@code quarkus.http.limits.max-body-size} must lie at least 1 MiB above it.
         */
        @WithDefault("75497472")
        long maxBodyBytes();

        /**
         * Bytes of JSON submission bodies one gateway reads at once: a JSON body is held in memory
         * (base64 images included) while it is taken, so this bounds that memory; count about four
         * times this in heap.
         */
        @WithDefault("64M")
        MemorySize jsonBodyBudget();

        /** How long a JSON submission waits for its share of the budget before it is refused with {@code 503}. */
        @WithDefault("30S")
        Duration jsonBodyWait();
    }

    /** Signed output URLs. */
    interface Outputs {
        /** HMAC-SHA256 key for output URLs: base64 of at least 32 random bytes. A secret. */
        String signingKey();

        /** How long an output URL stays valid. */
        @WithDefault("1H")
        Duration urlTtl();
    }

    /** Webhook delivery. */
    interface Webhooks {
        /** Time allowed for one delivery attempt. */
        @WithDefault("15S")
        Duration timeout();

        /**
         * Delays before each retry after a failed attempt; after the last, delivery gives up. The
         * first attempt goes at once, so by default attempts go at 0 s, 5 s, 5 min, 30 min, 2 h, 5 h,
         * 10 h and 10 h after the one before.
         */
        @WithDefault("5S,5M,30M,2H,5H,10H,10H")
        List<Duration> retryDelays();

        /** How long a rotated-out webhook secret (an endpoint's or the account's) keeps signing next to the new one. */
        @WithDefault("24H")
        Duration rotationOverlap();

        /** How often due delivery attempts are looked for, besides new deliveries. */
        @WithDefault("1S")
        Duration sweepEvery();

        /** How long finished deliveries and their attempts stay listed before they are deleted. */
        @WithDefault("30D")
        Duration deliveryRetention();

        /** How often finished deliveries past their retention are deleted. */
        @WithDefault("1H")
        Duration retentionSweepEvery();

        /**
         * Destinations allowed although private or loopback (CIDRs or host names), and the only
         * ones plain http may reach. Empty in production; tests and the local stack allow
         * 127.0.0.0/8.
         */
        Optional<List<String>> allowedDestinations();
    }

    /** Fetching input images given by URL ({@code {"url": "https://…"}} in a JSON submission). */
    interface Inputs {
        /** Time allowed for fetching one image: every redirect and the whole body included. */
        @WithDefault("10S")
        Duration fetchTimeout();

        /** Redirects followed when fetching one image; each target is checked like the first URL. */
        @WithDefault("3")
        int maxRedirects();

        /**
         * Destinations image URLs may point to although private or loopback (CIDRs or host names),
         * and the only ones plain http may reach. Empty in production; tests allow 127.0.0.0/8.
         */
        Optional<List<String>> allowedDestinations();
    }

    /**
     * How long images are kept once their job has ended; the privacy policy promises they are
     * deleted after a short period.
     */
    interface Retention {
        /** Input images (the shopper's photo, the product images), counted from the job's end. */
        @WithDefault("1H")
        Duration inputs();

        /** Output images, counted from the job's end; afterwards their URLs answer {@code 410}. */
        @WithDefault("24H")
        Duration outputs();

        /** How often the retention sweeper looks for images past their time. */
        @WithDefault("1M")
        Duration sweepEvery();

        /**
         * How long an image no job keeps (its job never inserted, or ended without it) stays before the
         * orphan sweep deletes it, counted from the job id's time or the job's end. Must exceed the
         * longest upload of a submission.
         */
        @WithDefault("1H")
        Duration orphanGrace();

        /** How often the orphan sweep walks on through the object listing. */
        @WithDefault("10M")
        Duration orphanSweepEvery();

        /** Keys the orphan sweep looks at per run, in pages of 500; the next run goes on from there. */
        @WithDefault("10000")
        int orphanKeysPerSweep();

        /**
         * How long an ended job's record is kept, counted from its end: afterwards its usage figures move
         * to the usage aggregates and the record (metadata, webhook URL, errors) is deleted.
         */
        @WithDefault("90D")
        Duration jobRecords();

        /** How often the job-record sweeper looks for records past their time. */
        @WithDefault("1H")
        Duration jobRecordsSweepEvery();
    }

    /** Background sweepers. */
    interface Sweepers {
        /** A job not published this long after insert is published by the sweeper. */
        @WithDefault("5S")
        Duration dispatchGrace();

        /** How long one gateway holds a finished job's completion work before another may take it. */
        @WithDefault("60S")
        Duration completionLease();

        /** How often the dispatch sweeper looks for stored jobs that were not published. */
        @WithDefault("2S")
        Duration dispatchEvery();

        /**
         * How often the jobs published since are marked dispatched, all in one write; keep it well under
         * {@code dispatch-grace}, or the sweep publishes again jobs whose mark is still waiting.
         */
        @WithDefault("200MS")
        Duration dispatchMarkEvery();

        /**
         * How often the queue's depth per model is read for the {@code induo_jobs_waiting} and
         * {@code induo_jobs_oldest_waiting_seconds} metrics; keep it under the metrics scrape interval.
         */
        @WithDefault("5S")
        Duration queueDepthEvery();

        /** How often finished jobs' completion work (metrics, webhooks) is looked for, besides job events. */
        @WithDefault("1S")
        Duration completionEvery();

        /**
         * How often the quota releases and outbox closings of the completion work done since are
         * written, together; keep it well under {@code completion-lease}.
         */
        @WithDefault("200MS")
        Duration completionWriteEvery();

        /** How often the lease reaper looks for running jobs whose worker stopped renewing its lease. */
        @WithDefault("5S")
        Duration leaseReaperEvery();

        /** How often the expiry sweeper looks for queued jobs past their {@code expires_in} deadline. */
        @WithDefault("5S")
        Duration expiryEvery();
    }

    /** Dashboard sign-in: session tokens and the throttle on failed sign-ins. */
    interface Sessions {
        /** How long a session token from {@code POST /v1/sessions} stays valid. */
        @WithDefault("12H")
        Duration ttl();

        /** Failed sign-ins count against their email and their client address for this long. */
        @WithDefault("15M")
        Duration failureWindow();

        /** Failed sign-ins for one email within the window after which its sign-ins are refused with {@code 429}. */
        @WithDefault("5")
        int maxFailuresPerEmail();

        /** Failed sign-ins from one client address within the window after which its sign-ins are refused with {@code 429}. */
        @WithDefault("20")
        int maxFailuresPerClient();

        /** How often expired session tokens and expired failed sign-ins are deleted. */
        @WithDefault("5M")
        Duration sweepEvery();
    }

    /** {@code Idempotency-Key} on requests that create something. */
    interface Idempotency {
        /** How long a key's first response is replayed; afterwards the key can be used anew. */
        @WithDefault("24H")
        Duration ttl();

        /**
         * A key whose first request has not answered after this long counts as abandoned (its
         * gateway stopped) and can be used anew; until then a retry answers {@code 409}.
         */
        @WithDefault("10M")
        Duration abandonedAfter();

        /** How often expired keys are deleted. */
        @WithDefault("5M")
        Duration sweepEvery();

        /** How often keys whose release failed while the database was unreachable are released again. */
        @WithDefault("1S")
        Duration releaseEvery();
    }

    /** API keys. */
    interface ApiKeySettings {
        /** A key's {@code last_used_at} is written at most once per this interval, so authenticating stays a read. */
        @WithDefault("1M")
        Duration lastUsedInterval();

        /** Most live API keys one account may hold. */
        @WithDefault("100")
        int maxPerAccount();
    }

    /** The request log: one entry per {@code /v1} request, written in batches off the request path. */
    interface RequestLog {
        /** How long entries are kept; older ones are deleted by the sweeper. */
        @WithDefault("30D")
        Duration retention();

        /**
         * How long entries of requests that were not authenticated (no account: failed sign-ins, bad
         * keys, sign-ups) are kept; no account's export or erasure reaches them, so they expire on
         * their own, sooner than the account entries.
         */
        @WithDefault("7D")
        Duration unauthenticatedRetention();

        /** How often entries past their retention are deleted. */
        @WithDefault("1H")
        Duration sweepEvery();

        /** How often queued entries are written. */
        @WithDefault("1S")
        Duration flushEvery();

        /**
         * Entries held in memory until they are written, also while the database is down (about 400
         * bytes each); beyond it new ones are dropped and counted.
         */
        @WithDefault("10000")
        int queueCapacity();

        /** Most entries written in one insert. */
        @WithDefault("500")
        int batchSize();
    }
}
