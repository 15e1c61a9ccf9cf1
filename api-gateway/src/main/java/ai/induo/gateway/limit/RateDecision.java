package ai.induo.gateway.limit;

import java.time.Duration;

/**
 * What a request's token bucket said.
 *
 * @param bucket whose bucket it was
 * @param allowed whether a token was left for the request
 * @param limit the bucket's size: requests that may be made at once
 * @param remaining the whole tokens left after this request
 * @param reset how long until the bucket is full again
 * @param retryAfter how long until the next token, when none was left; zero otherwise
 */
public record RateDecision(Bucket bucket, boolean allowed, int limit, int remaining, Duration reset, Duration retryAfter) {

    /** Whose requests a bucket counts. */
    public enum Bucket {
        /** One API key, or the dashboard sessions of one account. */
        CALLER("This API key"),
        /** Every API key and session of one account together. */
        ACCOUNT("This account's API keys and sessions together"),
        /** One client address, on the routes that need no authentication. */
        CLIENT("This client address");

        private final String subject;

        Bucket(String subject) {
            this.subject = subject;
        }

        /** Who made the requests, as the start of a sentence. */
        public String subject() {
            return subject;
        }
    }
}
