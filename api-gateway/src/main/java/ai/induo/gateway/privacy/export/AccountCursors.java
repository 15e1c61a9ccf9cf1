package ai.induo.gateway.privacy.export;

import static com.mongodb.client.model.Filters.eq;

import ai.induo.common.job.Job;
import ai.induo.gateway.account.ApiKeyEntity;
import ai.induo.gateway.account.ApiKeyRepository;
import ai.induo.gateway.job.JobListRepository;
import ai.induo.gateway.requestlog.RequestLogEntity;
import ai.induo.gateway.requestlog.RequestLogRepository;
import ai.induo.gateway.webhook.WebhookDeliveryEntity;
import ai.induo.gateway.webhook.WebhookDeliveryRepository;
import ai.induo.gateway.webhook.WebhookEndpointEntity;
import ai.induo.gateway.webhook.WebhookEndpointRepository;
import ai.induo.platform.job.JobEntity;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every record of one account, collection by collection, through cursors that fetch
 * {@value #BATCH_SIZE} documents at a time: an export holds one batch, however many records there are.
 * Unsorted, so no server-side sort buffers the account's records either.
 */
@ApplicationScoped
public class AccountCursors {

    /** Documents fetched per round trip. */
    static final int BATCH_SIZE = 200;

    @Inject
    JobListRepository jobs;

    @Inject
    ApiKeyRepository apiKeys;

    @Inject
    RequestLogRepository requestLogs;

    @Inject
    WebhookEndpointRepository endpoints;

    @Inject
    WebhookDeliveryRepository deliveries;

    /** The account's jobs. */
    public MongoCursor<Job> jobs(String accountId) {
        return of(jobs.mongoCollection(), accountId).map(JobEntity::toJob).iterator();
    }

    /** The account's API keys, revoked ones included. */
    public MongoCursor<ApiKeyEntity> apiKeys(String accountId) {
        return of(apiKeys.mongoCollection(), accountId).iterator();
    }

    /** The account's request log. */
    public MongoCursor<RequestLogEntity> requestLogs(String accountId) {
        return of(requestLogs.mongoCollection(), accountId).iterator();
    }

    /** The account's webhook endpoints. */
    public MongoCursor<WebhookEndpointEntity> endpoints(String accountId) {
        return of(endpoints.mongoCollection(), accountId).iterator();
    }

    /** The account's webhook deliveries with their attempts. */
    public MongoCursor<WebhookDeliveryEntity> deliveries(String accountId) {
        return of(deliveries.mongoCollection(), accountId).iterator();
    }

    private static <T> FindIterable<T> of(MongoCollection<T> collection, String accountId) {
        return collection.find(eq("accountId", accountId)).batchSize(BATCH_SIZE);
    }
}
