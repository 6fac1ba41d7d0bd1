package org.coordination.ledger.console;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/directory}: the ids of every mandate, force, command structure and humanitarian coalition
 * the read models hold, by kind, so a client (the console) can offer them without knowing them beforehand.
 * Documents with a scope are listed by it instead: pledges by their force's roster, consent registers by its
 * consent board.
 */
@RestController
@Tag(name = "Read models")
class Directory {

    static final int LIMIT = 1_000;

    private final JdbcTemplate jdbc;

    Directory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/directory")
    @Operation(summary = "Ids of the ledger's documents by kind",
            description = "Every document without a scope, by read model: `command-structure`, `force`, `mandate`, "
                    + "`humanitarian-coalition`; at most 1,000 ids each, in id order. Pledges are listed by their force's roster, "
                    + "consent registers by its consent board.")
    Map<String, List<String>> directory() {
        Map<String, List<String>> ids = new TreeMap<>();
        jdbc.query("SELECT model, id FROM (SELECT model, id, row_number() OVER (PARTITION BY model ORDER BY id) AS n "
                        + "FROM read_model WHERE scope_id IS NULL) listed WHERE n <= ? ORDER BY model, id",
                (RowCallbackHandler) row -> ids.computeIfAbsent(row.getString(1), model -> new ArrayList<>()).add(row.getString(2)), LIMIT);
        return ids;
    }
}
