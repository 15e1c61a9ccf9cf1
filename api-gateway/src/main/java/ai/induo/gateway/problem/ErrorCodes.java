package ai.induo.gateway.problem;

/** The stable machine codes of API errors, listed in docs/api.md. */
public final class ErrorCodes {

    public static final String UNAUTHORIZED = "unauthorized";
    public static final String INVALID_CREDENTIALS = "invalid_credentials";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    public static final String INSUFFICIENT_ROLE = "insufficient_role";
    public static final String TOO_MANY_ATTEMPTS = "too_many_attempts";
    public static final String NOT_A_SESSION = "not_a_session";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_METADATA = "invalid_metadata";
    public static final String INVALID_WEBHOOK_URL = "invalid_webhook_url";
    public static final String INVALID_EVENT_TYPE = "invalid_event_type";
    public static final String TOO_MANY_WEBHOOK_ENDPOINTS = "too_many_webhook_endpoints";
    public static final String WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint_disabled";
    public static final String WEBHOOK_DELIVERY_IN_PROGRESS = "webhook_delivery_in_progress";
    public static final String EMAIL_TAKEN = "email_taken";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String TOO_MANY_API_KEYS = "too_many_api_keys";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String IMAGE_TOO_LARGE = "image_too_large";
    public static final String INVALID_IMAGE = "invalid_image";
    public static final String INPUT_FETCH_FAILED = "input_fetch_failed";
    public static final String MISSING_IMAGE = "missing_image";
    public static final String TOO_MANY_IMAGES = "too_many_images";
    public static final String JOB_NOT_CANCELLABLE = "job_not_cancellable";
    public static final String INVALID_SIGNATURE = "invalid_signature";
    public static final String URL_EXPIRED = "url_expired";
    public static final String OUTPUT_UNAVAILABLE = "output_unavailable";
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";
    public static final String IDEMPOTENCY_REQUEST_IN_PROGRESS = "idempotency_request_in_progress";
    public static final String IDEMPOTENT_ANSWER_GONE = "idempotent_answer_gone";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String TOO_MANY_ACTIVE_JOBS = "too_many_active_jobs";
    public static final String TOO_MANY_STREAMS = "too_many_streams";
    public static final String SERVICE_UNAVAILABLE = "service_unavailable";
    public static final String INVALID_SAFETY_CATEGORY = "invalid_safety_category";
    public static final String INVALID_SAFETY_OUTCOME = "invalid_safety_outcome";
    public static final String SAFETY_CASE_RESOLVED = "safety_case_resolved";
    public static final String SAFETY_INPUTS_UNAVAILABLE = "safety_inputs_unavailable";
    public static final String INTERNAL_ERROR = "internal_error";

    private ErrorCodes() {
    }
}
