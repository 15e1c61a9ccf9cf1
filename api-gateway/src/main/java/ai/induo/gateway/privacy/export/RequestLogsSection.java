package ai.induo.gateway.privacy.export;

import ai.induo.gateway.requestlog.RequestLogEntity;
import ai.induo.gateway.rest.RequestLogResource.RequestLogView;
import com.mongodb.client.MongoCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;

/** {@code request_logs.jsonl}: the request log as {@code GET /v1/logs} shows it, one line per request. */
@ApplicationScoped
public class RequestLogsSection implements ExportSection {

    @Inject
    AccountCursors cursors;

    @Override
    public List<ExportFile> files() {
        return List.of(new ExportFile("request_logs.jsonl", "The requests your account made that the log still keeps, "
                + "one JSON object per line: time, IP address, method, route, HTTP status, latency, request size and the "
                + "API key used.", "§1.3 log data"));
    }

    @Override
    public void write(String accountId, boolean includeImages, ExportZip zip) throws IOException {
        try (MongoCursor<RequestLogEntity> logs = cursors.requestLogs(accountId)) {
            zip.jsonLines("request_logs.jsonl", logs, RequestLogView::of);
        }
    }
}
