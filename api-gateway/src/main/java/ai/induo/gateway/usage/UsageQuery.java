package ai.induo.gateway.usage;

import ai.induo.gateway.job.Metadata;
import ai.induo.gateway.rest.QueryParameters;
import ai.induo.common.job.Job;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code GET /v1/usage}: the window {@code [from, to)} (RFC 3339; {@code to} defaults to
 * now and {@code from} to {@link #DEFAULT_WINDOW} before {@code to}; at most {@link #MAX_WINDOW}), {@code group_by} ({@code day}
 * in UTC, {@code status} or {@code metadata.<key>}) and {@code starting_after}, the last group of the
 * previous page (null on the first). Every parameter is given at most once; an unknown or malformed
 * one is {@code 400 invalid_request}.
 */
public record UsageQuery(Instant from, Instant to, String groupBy, String startingAfter) {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    static final Duration MAX_WINDOW = Duration.ofDays(366);
    static final String DEFAULT_GROUP_BY = "day";
    static final String METADATA_PREFIX = "metadata.";
    static final int MAX_METADATA_KEY_LENGTH = 40;
    /** The longest group: a metadata value. */
    static final int MAX_GROUP_LENGTH = Metadata.MAX_VALUE_CHARS;

    /** Reads the query from the request's decoded query parameters; {@code now} ends the default window. */
    public static UsageQuery parse(Map<String, List<String>> parameters, Instant now) {
        Instant from = null;
        Instant to = null;
        String groupBy = DEFAULT_GROUP_BY;
        String startingAfter = null;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = QueryParameters.single(parameter);
            switch (name) {
                case "from" -> from = QueryParameters.time(name, value);
                case "to" -> to = QueryParameters.time(name, value);
                case "group_by" -> groupBy = parseGroupBy(value);
                case "starting_after" -> startingAfter = parseGroup(name, value);
                default -> throw QueryParameters.invalid("Unknown parameter '" + name
                        + "'; the parameters are from, to, group_by and starting_after.");
            }
        }
        if (to == null) {
            to = now;
        }
        if (from == null) {
            from = to.minus(DEFAULT_WINDOW);
        }
        if (!from.isBefore(to)) {
            throw QueryParameters.invalid("from must be before to.");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw QueryParameters.invalid("from and to may be at most " + MAX_WINDOW.toDays() + " days apart.");
        }
        return new UsageQuery(from, to, groupBy, startingAfter);
    }

    /** Whether {@code group} comes after {@code starting_after} (every group does on the first page; null comes first). */
    public boolean isAfterCursor(String group) {
        return startingAfter == null || group != null && group.compareTo(startingAfter) > 0;
    }

    /** The group of {@code job} under this query's {@code group_by}; null when the job lacks the metadata key. */
    public String groupOf(Job job) {
        if (groupBy.equals("day")) {
            return job.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        }
        if (groupBy.equals("status")) {
            return job.status().wireName();
        }
        return job.metadata().get(groupBy.substring(METADATA_PREFIX.length()));
    }

    private static String parseGroup(String name, String value) {
        if (value.length() > MAX_GROUP_LENGTH) {
            throw QueryParameters.invalid(name + " is a group, at most " + MAX_GROUP_LENGTH + " characters long.");
        }
        return value;
    }

    private static String parseGroupBy(String value) {
        if (value.equals("day") || value.equals("status")) {
            return value;
        }
        if (value.startsWith(METADATA_PREFIX)) {
            String key = value.substring(METADATA_PREFIX.length());
            if (!key.isEmpty() && key.length() <= MAX_METADATA_KEY_LENGTH && !key.contains(".") && !key.startsWith("$")) {
                return value;
            }
        }
        throw QueryParameters.invalid("group_by must be day, status or metadata.<key> (a key of 1 to " + MAX_METADATA_KEY_LENGTH
                + " characters, without '.' and not starting with '$').");
    }
}
