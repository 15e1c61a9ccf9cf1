package ai.induo.k8s.manifests;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a parser: it removes what cannot name a metric
 * (strings, label matchers, ranges, grouping label lists, offsets, Grafana variables), then keeps
 * every identifier that is not a function or aggregation (followed by a parenthesis), a keyword or
 * part of a number.
 */
final class PromQl {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern OFFSETS = Pattern.compile("\\boffset\\s+-?[0-9a-z]+|@\\s*[0-9.]+");
    private static final Pattern VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "inf", "nan", "Inf", "NaN");

    private PromQl() {
    }

    /** The metric names {@code expression} reads, in order of appearance. */
    static Set<String> metrics(String expression) {
        String text = expression;
        for (Pattern pattern : new Pattern[] {STRINGS, VARIABLES, MATCHERS, RANGES, GROUPING, OFFSETS}) {
            text = pattern.matcher(text).replaceAll(" ");
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(text);
        while (matcher.find()) {
            String name = matcher.group();
            boolean partOfNumber = matcher.start() > 0 && (Character.isDigit(text.charAt(matcher.start() - 1))
                    || text.charAt(matcher.start() - 1) == '.');
            boolean call = text.substring(matcher.end()).matches("(?s)\\s*\\(.*");
            if (!partOfNumber && !call && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
