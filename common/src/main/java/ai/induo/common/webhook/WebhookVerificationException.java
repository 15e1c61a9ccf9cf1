package ai.induo.common.webhook;

/** A webhook's signature headers are missing, malformed, outside the time tolerance or do not match. */
public class WebhookVerificationException extends Exception {

    public WebhookVerificationException(String message) {
        super(message);
    }
}
