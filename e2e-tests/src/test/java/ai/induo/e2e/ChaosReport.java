package ai.induo.e2e;

import ai.induo.e2e.CarefulClient.Answer;
import ai.induo.e2e.CarefulClient.Submission;
import ai.induo.e2e.WebhookRecorder.Arrival;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * What a chaos run found: the jobs as the API shows them at the end, the webhooks that arrived, the
 * output objects in storage and every answer the clients got, checked against the promises (every
 * accepted job ends once, with one output when it succeeded, and calls its webhook under one
 * {@code webhook-id}) and summed up in a table.
 */
final class ChaosReport {

    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled", "expired");
    /** The metadata key holding a job's submission index. */
    static final String CHAOS_JOB = "chaos_job";
    /** How a client records a connection lost after the request was sent (a refused one is a ConnectException). */
    private static final String CUT_CONNECTION = "IOException";
    private static final int SERVICE_UNAVAILABLE = 503;

    /** One injected fault: when it began, when the part was back, and when jobs were seen finishing again. */
    record Fault(String name, Instant start, Instant back, Instant progressed, String observation) {
    }

    private final ChaosSettings settings;
    private final Instant began;
    private final Instant finished;
    private final List<Submission> submissions;
    private final List<Fault> faults;
    private final Map<String, JsonNode> jobs;
    private final Map<String, List<Arrival>> arrivals;
    private final Map<String, Integer> outputObjects;
    private final List<Answer> answers;
    private final Map<String, Submission> accepted;

    /**
     * @param jobs every job of the run's accounts, as listed by the API at the end, by id
     * @param arrivals the webhook calls received, by job id
     * @param outputObjects the number of output objects stored under each job's outputs prefix, by job id
     * @param answers every answer the clients got, retries included
     */
    ChaosReport(ChaosSettings settings, Instant began, Instant finished, List<Submission> submissions, List<Fault> faults,
            Map<String, JsonNode> jobs, Map<String, List<Arrival>> arrivals, Map<String, Integer> outputObjects,
            List<Answer> answers) {
        this.settings = settings;
        this.began = began;
        this.finished = finished;
        this.submissions = List.copyOf(submissions);
        this.faults = List.copyOf(faults);
        this.jobs = Map.copyOf(jobs);
        this.arrivals = Map.copyOf(arrivals);
        this.outputObjects = Map.copyOf(outputObjects);
        this.answers = List.copyOf(answers);
        this.accepted = submissions.stream().filter(Submission::accepted)
                .collect(Collectors.toMap(submission -> submission.jobId, Function.identity(), (first, replay) -> first));
    }

    /** The submissions that got no {@code 202}, by index, with their final answer or, when they ran out of time, their last. */
    Map<Integer, String> notAccepted() {
        return submissions.stream().filter(submission -> !submission.accepted())
                .collect(Collectors.toMap(submission -> submission.index, ChaosReport::lastAnswer, (a, b) -> a, TreeMap::new));
    }

    /** Accepted jobs that the API does not list, or lists in a status that is not terminal. */
    Set<String> acceptedNotTerminal() {
        return accepted.keySet().stream().filter(id -> !TERMINAL.contains(status(id))).collect(toSortedSet());
    }

    /** Every job of the run's accounts, accepted or not, still queued or running. */
    Set<String> stuck() {
        return jobs.keySet().stream().filter(id -> !TERMINAL.contains(status(id))).collect(toSortedSet());
    }

    /** Accepted jobs whose webhook never arrived. */
    Set<String> withoutWebhook() {
        return accepted.keySet().stream().filter(id -> !arrivals.containsKey(id)).collect(toSortedSet());
    }

    /**
     * Jobs whose webhook calls do not tell one story: more than one {@code webhook-id}, or one that
     * is not {@code msg_<job>_<final status>}, or an event type or job status other than the final one.
     */
    Map<String, String> inconsistentWebhooks() {
        Map<String, String> found = new TreeMap<>();
        arrivals.forEach((id, calls) -> {
            Set<String> ids = calls.stream().map(Arrival::webhookId).map(String::valueOf).collect(toSortedSet());
            Set<String> types = calls.stream().map(Arrival::eventType).map(String::valueOf).collect(toSortedSet());
            Set<String> statuses = calls.stream().map(Arrival::jobStatus).map(String::valueOf).collect(toSortedSet());
            String status = status(id);
            if (!ids.equals(Set.of("msg_" + id + "_" + status)) || !types.equals(Set.of("job." + status))
                    || !statuses.equals(Set.of(status))) {
                found.put(id, "final status " + status + "; webhook-ids " + ids + ", types " + types + ", statuses " + statuses);
            }
        });
        return found;
    }

    /** Webhook calls whose signature does not verify with their account's secret. */
    long badlySigned() {
        return arrivals.values().stream().flatMap(List::stream).filter(arrival -> !arrival.signatureValid()).count();
    }

    /**
     * Jobs whose outputs contradict their outcome: a succeeded job without exactly one output in the
     * API and exactly one object in storage.
     */
    Map<String, String> outputMismatches() {
        Map<String, String> found = new TreeMap<>();
        jobs.forEach((id, job) -> {
            if (!"succeeded".equals(status(id))) {
                return;
            }
            int listed = job.path("outputs").size();
            int stored = outputObjects.getOrDefault(id, 0);
            if (listed != 1 || stored != 1) {
                found.put(id, listed + " outputs in the API, " + stored + " objects in storage");
            }
        });
        return found;
    }

    /**
     * Answers in the 5xx range other than {@code 503}: a fault on the platform's side that it should
     * have answered as "unavailable, retry later" ({@code 500} during a database outage, say).
     */
    List<Answer> unexpectedServerErrors() {
        return answers.stream().filter(answer -> answer.status() >= 500 && answer.status() != SERVICE_UNAVAILABLE).toList();
    }

    /** Webhook calls beyond the first per job. */
    int duplicates() {
        return arrivals.values().stream().mapToInt(calls -> calls.size() - 1).sum();
    }

    /** Accepted jobs that did not end or never called their webhook. */
    Set<String> lost() {
        Set<String> lost = new TreeSet<>(acceptedNotTerminal());
        lost.addAll(withoutWebhook());
        return lost;
    }

    /** Attempts beyond the first, summed over the accepted jobs. */
    int redeliveries() {
        return accepted.keySet().stream().mapToInt(id -> Math.max(0, attempts(id) - 1)).sum();
    }

    /** Jobs the accounts hold that no client got a {@code 202} for. */
    Set<String> orphans() {
        return jobs.keySet().stream().filter(id -> !accepted.containsKey(id)).collect(toSortedSet());
    }

    /**
     * The submissions that lost a request's connection after sending it ({@code IOException}: the
     * gateway stopped while it ran). Their key stays in progress until it counts as abandoned, and a
     * retry after that may make a second job: the known limit in docs/reliability.md.
     */
    Set<Integer> cutMidRequest() {
        return submissions.stream()
                .filter(submission -> submission.answers.stream().anyMatch(answer -> answer.status() == CarefulClient.NO_ANSWER
                        && CUT_CONNECTION.equals(answer.code())))
                .map(submission -> submission.index)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@link #notAccepted()} less the submissions {@link #cutMidRequest() cut mid-request}. */
    Map<Integer, String> notAcceptedUnexplained() {
        Set<Integer> cut = cutMidRequest();
        return notAccepted().entrySet().stream().filter(entry -> !cut.contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** {@link #orphans()} less the jobs of submissions {@link #cutMidRequest() cut mid-request}. */
    Set<String> orphansUnexplained() {
        Set<String> cut = cutMidRequest().stream().map(String::valueOf).collect(Collectors.toSet());
        return orphans().stream().filter(id -> !cut.contains(jobs.get(id).path("metadata").path(CHAOS_JOB).asText()))
                .collect(toSortedSet());
    }

    /** The summary table. */
    String render() {
        StringBuilder out = new StringBuilder();
        Duration wall = Duration.between(began, finished);
        out.append(String.format(Locale.ROOT, "%n=== chaos run: %d jobs, %d clients at %.1f/s, %d workers; wall time %d s ===%n",
                settings.jobs(), settings.clients(), settings.submitRate(), settings.workers(), wall.toSeconds()));
        out.append(String.format(Locale.ROOT, "%-3s %-40s %8s %8s %12s  %s%n", "#", "fault", "at s", "back s", "progress s",
                "answers while it lasted / observed"));
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            out.append(String.format(Locale.ROOT, "%-3d %-40s %8.1f %8.1f %12s  %s%s%n", i + 1, fault.name(),
                    seconds(began, fault.start()), seconds(fault.start(), fault.back()),
                    fault.progressed() == null ? "never"
                            : String.format(Locale.ROOT, "%.1f", seconds(fault.back(), fault.progressed())),
                    answersBetween(fault.start(), fault.back()),
                    fault.observation() == null ? "" : "; " + fault.observation()));
        }
        List<Long> latencies = latenciesMillis();
        Set<String> lost = lost();
        row(out, "submitted", submissions.size());
        row(out, "accepted (202)", accepted.size());
        row(out, "not accepted", notAccepted().size() + " " + notAcceptedByAnswer());
        row(out, "submissions cut mid-request (gateway stop)", cutMidRequest().size() + " " + cutMidRequest());
        row(out, "replayed 202 (Idempotent-Replayed)", submissions.stream().filter(submission -> submission.replayed).count());
        row(out, "succeeded", countStatus("succeeded"));
        row(out, "failed", countStatus("failed") + " " + failedByCode());
        row(out, "cancelled / expired", countStatus("cancelled") + " / " + countStatus("expired"));
        row(out, "stuck (queued/running)", stuck().size() + (stuck().isEmpty() ? "" : " " + stuck()));
        row(out, "lost (not terminal or no webhook)", lost.size() + (lost.isEmpty() ? "" : " " + lost));
        row(out, "webhook calls / duplicates", arrivals.values().stream().mapToInt(List::size).sum() + " / " + duplicates());
        row(out, "inconsistent webhooks / bad signatures", inconsistentWebhooks().size() + " / " + badlySigned());
        row(out, "output mismatches", outputMismatches().size());
        row(out, "redeliveries (attempts beyond the first)", redeliveries() + " over "
                + accepted.keySet().stream().filter(id -> attempts(id) > 1).count() + " jobs");
        row(out, "orphan jobs (no 202 seen)", orphans().size() + " (" + orphansUnexplained().size() + " not after a cut request)");
        row(out, "end-to-end p50 / p99 (submit to webhook)", latencies.isEmpty() ? "n/a"
                : percentile(latencies, 50) + " ms / " + percentile(latencies, 99) + " ms");
        row(out, "client answers", answerCounts(answers));
        return out.toString();
    }

    private Map<String, Long> notAcceptedByAnswer() {
        return notAccepted().values().stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    /** The final answer, or for a submission given up on the last answer it got. */
    private static String lastAnswer(Submission submission) {
        if (submission.finalAnswer != null) {
            return submission.finalAnswer.label();
        }
        List<Answer> tried = submission.answers;
        return "gave up, last " + (tried.isEmpty() ? "none" : tried.get(tried.size() - 1).label());
    }

    private Map<String, Long> failedByCode() {
        return accepted.keySet().stream().filter(id -> "failed".equals(status(id)))
                .collect(Collectors.groupingBy(id -> jobs.get(id).path("error").path("code").asText("none"), TreeMap::new,
                        Collectors.counting()));
    }

    private long countStatus(String status) {
        return accepted.keySet().stream().filter(id -> status.equals(status(id))).count();
    }

    private String answersBetween(Instant from, Instant to) {
        List<Answer> window = answers.stream().filter(answer -> !answer.at().isBefore(from) && !answer.at().isAfter(to)).toList();
        return answerCounts(window).toString();
    }

    private static Map<String, Long> answerCounts(Collection<Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(Answer::label, TreeMap::new, Collectors.counting()));
    }

    private List<Long> latenciesMillis() {
        List<Long> latencies = new ArrayList<>();
        accepted.forEach((id, submission) -> {
            List<Arrival> calls = arrivals.get(id);
            if (calls != null) {
                Instant first = calls.stream().map(Arrival::at).min(Instant::compareTo).orElseThrow();
                latencies.add(Duration.between(submission.firstSentAt, first).toMillis());
            }
        });
        latencies.sort(Long::compare);
        return latencies;
    }

    /** The nearest-rank percentile of sorted values. */
    private static long percentile(List<Long> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private String status(String id) {
        JsonNode job = jobs.get(id);
        return job == null ? "missing" : job.path("status").asText("missing");
    }

    private int attempts(String id) {
        JsonNode job = jobs.get(id);
        return job == null ? 0 : job.path("attempts").asInt();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static void row(StringBuilder out, String name, Object value) {
        out.append(String.format(Locale.ROOT, "  %-42s %s%n", name, Objects.toString(value)));
    }

    private static <T> Collector<T, ?, TreeSet<T>> toSortedSet() {
        return Collectors.toCollection(TreeSet::new);
    }
}
