package ai.induo.common.residency;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The locations where data and keys may be kept: exact Cloud Storage or Cloud KMS location names
 * ({@code EU}, {@code europe-west4}) and glob patterns in which {@code *} stands for any run of
 * characters ({@code europe-*}), all compared without regard to case. {@link #LOCAL}, what a
 * directory on this machine and a key held by this process report, is always allowed: where this
 * machine stands is the deployment's business, not the storage's.
 */
public final class AllowedLocations {

    /** The location of what is kept on this machine (the local object store, a local master key). */
    public static final String LOCAL = "local";

    private final List<String> patterns;
    private final List<Pattern> matchers;

    private AllowedLocations(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.matchers = this.patterns.stream().map(AllowedLocations::glob).toList();
    }

    /**
     * @param patterns location names and globs; blank entries are ignored
     * @throws IllegalArgumentException when a pattern holds anything but letters, digits, {@code -}
     *     and {@code *}
     */
    public static AllowedLocations of(List<String> patterns) {
        List<String> kept = patterns.stream().map(String::strip).filter(pattern -> !pattern.isEmpty()).toList();
        for (String pattern : kept) {
            if (!pattern.matches("[A-Za-z0-9*-]+")) {
                throw new IllegalArgumentException("'" + pattern + "' is not a location or a location pattern: "
                        + "expected letters, digits, '-' and '*' (such as EU or europe-*)");
            }
        }
        return new AllowedLocations(kept);
    }

    /** Whether {@code location} is {@link #LOCAL} or matches one of the patterns. */
    public boolean allows(String location) {
        String name = location.strip();
        return name.equalsIgnoreCase(LOCAL) || matchers.stream().anyMatch(matcher -> matcher.matcher(name).matches());
    }

    /** The patterns as configured, for messages. */
    @Override
    public String toString() {
        return patterns.isEmpty() ? "(none: only local)" : String.join(",", patterns);
    }

    private static Pattern glob(String pattern) {
        String regex = Arrays.stream(pattern.split("\\*", -1))
                .map(part -> part.isEmpty() ? "" : Pattern.quote(part))
                .collect(Collectors.joining(".*"));
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }
}
