package ai.induo.k8s.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the services read from their environment, from the sources of this checkout: the
 * {@code ${NAME}} references of each service's application.properties, and the environment form of
 * every configuration key the docs list (SmallRye maps {@code induo.store.gcs.bucket} to
 * {@code INDUO_STORE_GCS_BUCKET}); plus defaults of durations the manifests must outlast.
 */
final class AppSettings {

    /** A service: its application.properties, and the prefix of settings only the other one reads. */
    enum Service {
        GATEWAY("api-gateway/src/main/resources/application.properties", "INDUO_WORKER_"),
        WORKER("worker/src/main/resources/application.properties", "INDUO_GATEWAY_");

        final String properties;
        final String otherServicePrefix;

        Service(String properties, String otherServicePrefix) {
            this.properties = properties;
            this.otherServicePrefix = otherServicePrefix;
        }
    }

    /** Where configuration keys are documented. */
    static final List<String> DOCS = List.of("docs/configuration.md", "README.md", "api-gateway/README.md", "worker/README.md");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern DOCUMENTED_KEY = Pattern.compile("`((?:induo|quarkus)\\.[a-z0-9.\\-\"<>]+)`");
    private static final Pattern DOCUMENTED_ENV = Pattern.compile("`(INDUO_[A-Z0-9_]+)`");
    private static final Pattern DURATION = Pattern.compile("(?i)([0-9]+)(ms|s|m|h|d)?");

    private AppSettings() {
    }

    /** Whether {@code service} reads the environment variable {@code name}. */
    static boolean reads(Service service, String name) {
        if (name.startsWith(service.otherServicePrefix)) {
            return false;
        }
        if (envReferences(service).contains(name)) {
            return true;
        }
        for (String documented : documentedEnv()) {
            if (documented.endsWith("*") ? name.startsWith(documented.substring(0, documented.length() - 1))
                    : name.equals(documented)) {
                return true;
            }
        }
        return false;
    }

    /** The names application.properties of {@code service} takes from the environment. */
    static Set<String> envReferences(Service service) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = ENV_REFERENCE.matcher(read(service.properties));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Environment names of the documented keys; a key with a {@code "<placeholder>"} gives a prefix ending in *. */
    static Set<String> documentedEnv() {
        Set<String> names = new TreeSet<>();
        for (String doc : DOCS) {
            String text = read(doc);
            Matcher key = DOCUMENTED_KEY.matcher(text);
            while (key.find()) {
                String k = key.group(1);
                int placeholder = k.indexOf(".\"<");
                names.add(placeholder >= 0 ? envName(k.substring(0, placeholder)) + "_*" : envName(k));
            }
            Matcher env = DOCUMENTED_ENV.matcher(text);
            while (env.find()) {
                names.add(env.group(1));
            }
        }
        return names;
    }

    /** SmallRye's environment name of a property: upper case, every other character an underscore. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The value of {@code key} in {@code service}'s application.properties, {@code ${ENV:default}} resolved to the default. */
    static Optional<String> propertyDefault(Service service, String key) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(.*)$").matcher(read(service.properties));
        if (!line.find()) {
            return Optional.empty();
        }
        Matcher reference = Pattern.compile("^\\$\\{[A-Z0-9_]+:(.*)}$").matcher(line.group(1).trim());
        return Optional.of(reference.matches() ? reference.group(1) : line.group(1).trim());
    }

    /** The {@code @WithDefault} of a {@code Duration}/{@code int} method in a Java source. */
    static String javaDefault(String source, String method) {
        Matcher matcher = Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s*\\w+\\s+" + Pattern.quote(method) + "\\(\\)")
                .matcher(read(source));
        if (!matcher.find()) {
            throw new AssertionError(source + " has no @WithDefault on " + method + "()");
        }
        return matcher.group(1);
    }

    /** A Quarkus duration: {@code 65S}, {@code 5M}, {@code 500MS}, a plain number of seconds, or ISO-8601. */
    static Duration duration(String value) {
        String text = value.trim();
        if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            return Duration.parse(text);
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: " + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    static String read(String relative) {
        try {
            return Files.readString(Repo.path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    static Path path(String relative) {
        return Repo.path(relative);
    }
}
