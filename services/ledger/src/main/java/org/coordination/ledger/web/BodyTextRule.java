package org.coordination.ledger.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.coordination.ledger.problem.ApiProblem;

/**
 * Text a command may carry: anything printable, with tabs and line breaks, in any script. Refused:
 * other control characters and unpaired surrogates. NUL and unpaired surrogates cannot be stored in
 * PostgreSQL's text and jsonb at all: an event carrying one would be written, then fail every
 * projection of it and stall the read models behind it. The other controls (escape sequences, C1
 * controls) have no place in names, titles or citations, and would reach whoever displays them.
 */
final class BodyTextRule {

    static final String RULE = "must not contain control characters other than tab and line breaks, nor unpaired surrogates";

    private BodyTextRule() {
    }

    /** Every string value and field name in the body, each failure named by its JSON path. */
    static void check(JsonNode node, String path) {
        if (node.isTextual()) {
            if (!acceptable(node.textValue())) {
                throw ApiProblem.invalidField(path.isEmpty() ? "body" : path, RULE);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!acceptable(field.getKey())) {
                    throw ApiProblem.invalidField(path.isEmpty() ? "body" : path, "field names " + RULE);
                }
                check(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        }
    }

    static boolean acceptable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
