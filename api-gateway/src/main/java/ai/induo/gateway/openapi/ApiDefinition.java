package ai.induo.gateway.openapi;

/**
 * Names in the OpenAPI document that annotations and {@link ApiDocumentFilter} share: the version, the
 * security scheme, the problem schema and the tags. The document's frame is declared in this package's
 * {@code package-info}.
 */
public final class ApiDefinition {

    /** The version of the document: the API's base path. */
    public static final String VERSION = "v1";
    /** The security scheme of authenticated operations. */
    public static final String BEARER = "bearer";
    /** The schema of every error answer. */
    public static final String PROBLEM = "Problem";

    public static final String ACCOUNTS = "Accounts";
    public static final String SESSIONS = "Sessions";
    public static final String API_KEYS = "API keys";
    public static final String JOBS = "Jobs";
    public static final String OUTPUTS = "Outputs";
    public static final String REQUEST_LOG = "Request log";
    public static final String USAGE = "Usage";
    public static final String WEBHOOK_ENDPOINTS = "Webhook endpoints";
    public static final String WEBHOOK_DELIVERIES = "Webhook deliveries";

    /** The shared query parameters of the lists read one page at a time. */
    public static final String CREATED_AFTER = "created_after";
    public static final String CREATED_BEFORE = "created_before";
    public static final String LIMIT = "limit";
    public static final String STARTING_AFTER = "starting_after";

    private ApiDefinition() {
    }
}
