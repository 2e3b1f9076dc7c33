package io.smartgrid.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.support.Checksums;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatestModelTest {
    private static LatestModel parse(String json) throws IOException {
        return LatestModel.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] digest) {
        StringBuilder sb = new StringBuilder();
        for (byte b : digest) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    @Test
    void parsesVersionFileAndSha() throws Exception {
        LatestModel m = parse("{\"version\":\"2024-05-01\",\"file\":\"model-7.json\",\"sha256\":\"ABCdef01\",\"extra\":1}");
        assertEquals("2024-05-01", m.version());
        assertEquals("model-7.json", m.file());
        assertEquals("abcdef01", m.sha256());
    }

    @Test
    void refusesMissingOrEmptyKeys() {
        for (String json : List.of(
                "{\"file\":\"m.json\",\"sha256\":\"aa\"}",
                "{\"version\":\"v\",\"sha256\":\"aa\"}",
                "{\"version\":\"v\",\"file\":\"m.json\"}",
                "{\"version\":\"\",\"file\":\"m.json\",\"sha256\":\"aa\"}",
                "{\"version\":\"v\",\"file\":null,\"sha256\":\"aa\"}",
                "{}")) {
            assertThrows(IOException.class, () -> parse(json), json);
        }
    }

    @Test
    void refusesFilesOutsideTheModelFolder() {
        for (String file : List.of("../m.json", "sub/m.json", "/etc/passwd", "sub\\\\m.json", ".hidden", "..")) {
            String json = "{\"version\":\"v\",\"file\":\"" + file + "\",\"sha256\":\"aa\"}";
            assertThrows(IOException.class, () -> parse(json), json);
        }
    }

    @Test
    void describeParsesBackWithTheModelsSha256() throws Exception {
        byte[] model = "{\"learner\":{}} any model bytes".getBytes(StandardCharsets.UTF_8);
        String expectedSha = hex(MessageDigest.getInstance("SHA-256").digest(model));
        Instant trainedAt = Instant.parse("2024-05-01T12:00:00Z");

        byte[] latest = LatestModel.describe("v3", "model-v3.json", model, "model-v3.check.json", List.of("p_l1", "p_l123-1"),
                Map.of("holdout", Map.of("rmse", 12.5)), 1234, trainedAt);

        LatestModel m = LatestModel.parse(latest);
        assertEquals("v3", m.version());
        assertEquals("model-v3.json", m.file());
        assertEquals(expectedSha, m.sha256());
        assertEquals("model-v3.check.json", m.checkFile());
        assertEquals(expectedSha, Checksums.sha256(model));
        assertEquals(64, expectedSha.length());

        JsonNode n = new ObjectMapper().readTree(latest);
        assertEquals(List.of("p_l1", "p_l123-1"), List.of(n.get("feature_names").get(0).asText(), n.get("feature_names").get(1).asText()));
        assertEquals(2, n.get("feature_names").size());
        assertEquals(12.5, n.at("/metrics/holdout/rmse").asDouble());
        assertEquals(1234, n.get("sample_count").asLong());
        assertEquals(trainedAt, Instant.parse(n.get("trained_at").asText()));
    }
}
