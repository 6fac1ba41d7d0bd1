package org.coordination.ledger.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/** A request's JSON body read as an object, each way it can fail named "body" (the commands' and the replay's bodies). */
public final class JsonBody {

    private JsonBody() {
    }

    /** The body as a JSON object, read by {@code mapper} (whose strictness is the caller's) once it is known to be UTF-8. */
    public static JsonNode object(ObjectMapper mapper, byte[] body) {
        requireUtf8(body);
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalidField("body", "malformed JSON: " + ApiProblem.printable(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ApiProblem.invalidField("body", "unreadable body");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiProblem.invalidField("body", "a JSON object is required");
        }
        return tree;
    }

    /**
     * JSON between systems is UTF-8 (RFC 8259), and Jackson's parser decodes some ill-formed sequences without a word:
     * the overlong "\xC1\x81" became "A", so a nation "US\xC1\x81" was stored as USA, and "a\xC0\xAFb" as "a/b". The
     * JDK's decoder refuses them, as it refuses surrogates encoded in UTF-8, code points above U+10FFFF and a sequence
     * cut short. A NUL byte is refused too: JSON text never holds one raw, and UTF-16 or UTF-32 without a byte order
     * mark, which Jackson would have detected and read, is well-formed UTF-8 full of them ({@code 7B 00 22 00}).
     */
    private static void requireUtf8(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                throw ApiProblem.invalidField("body", "malformed JSON: not UTF-8 at byte " + i + " (a NUL byte: UTF-16 or UTF-32?)");
            }
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        // a new decoder reports malformed input rather than replacing it
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(body.length), true);
        if (result.isError()) {
            throw ApiProblem.invalidField("body", "malformed JSON: not UTF-8 at byte " + in.position());
        }
    }
}
