package org.coordination.ledger.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression of the dashboard reads (label names, functions and keywords left out). */
final class DashboardQueries {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "and", "or", "unless", "offset");

    private DashboardQueries() {
    }

    static Set<String> metricNames(String expression) {
        String bare = expression
                .replaceAll("\"[^\"]*\"", "\"\"")                       // label values
                .replaceAll("\\{[^}]*}", "{}")                          // label matchers
                .replaceAll("\\[[^]]*]", "[]")                          // ranges
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // grouping labels
        Set<String> names = new LinkedHashSet<>();
        Matcher token = IDENTIFIER.matcher(bare);
        while (token.find()) {
            String name = token.group();
            boolean function = bare.substring(token.end()).stripLeading().startsWith("(");
            if (!function && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
