package io.smartgrid.payload;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.support.Args;
import io.smartgrid.support.Numbers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * {@code decode [--format FILE]}: hex payloads on stdin, one per line; one JSON object per line on stdout, every
 * field of the layout by name, or {@code {"error": "<reason>"}} for a malformed payload.
 */
public final class DecodeCommand {
    public static final CommandSpec SPEC = CommandSpec.of("decode", "hex payloads on stdin -> JSON lines",
            PayloadFormat.FLAG)
            .withNotes("Hex payloads on stdin, one per line -> one JSON object per line on stdout: every field of the"
                    + " layout by name. Measurements are divided as their layout says (by 1000), sensor_id is 24 hex"
                    + " digits, a leading 0x and spaces are ignored. A malformed payload gives {\"error\":"
                    + " \"<reason>\"} on its line. Exit 0.");

    private DecodeCommand() {
    }

    public static int run(String[] args, InputStream in, PrintStream out) throws IOException {
        Args a = Args.parse(args, 1, SPEC);
        PayloadDecoder decoder = new PayloadDecoder(PayloadFormat.load(a.get("format", PayloadFormat.DEFAULT_LOCATION)));
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder(1024);
        String line;
        while ((line = reader.readLine()) != null) {
            sb.setLength(0);
            try {
                toJson(decoder.decode(parseHex(line)), sb);
            } catch (RejectedReadingException e) {
                sb.setLength(0);
                sb.append("{\"error\": ");
                quote(sb, e.getMessage());
                sb.append('}');
            }
            out.append(sb).append('\n');
        }
        out.flush();
        return 0;
    }

    static byte[] parseHex(String line) {
        String hex = line.strip().replace(" ", "");
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new RejectedReadingException(RejectedReadingException.Reason.NOT_BINARY,
                    "not a hex payload: " + (hex.length() % 2 == 1 ? "odd number of digits" : "a character is not a hex digit"));
        }
    }

    static void toJson(Reading reading, StringBuilder sb) {
        sb.append('{');
        boolean first = true;
        for (Field field : reading.layout().fields()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            quote(sb, field.name());
            sb.append(": ");
            Object value = PayloadDecoder.value(reading, field);
            if (value instanceof String s) {
                quote(sb, s);
            } else if (value instanceof Double d) {
                sb.append(Double.isFinite(d) ? Numbers.plain(d) : "null");
            } else {
                sb.append(value);
            }
        }
        sb.append('}');
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
