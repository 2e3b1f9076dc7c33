package io.smartgrid.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One stage of a Dockerfile: its instructions after FROM, in order, continuation lines joined and comments left out. */
record DockerfileStage(String name, List<Instruction> instructions) {
    /** One instruction: its keyword in upper case, and the rest of its line. */
    record Instruction(String keyword, String arguments) {
        /** Its arguments split at white space (shell form; no quoting is used where this is read). */
        List<String> words() {
            return List.of(arguments.trim().split("\\s+"));
        }
    }

    /** The stage named {@code name} (FROM … AS name), or with a null name the last stage (the image itself). */
    static DockerfileStage of(String dockerfile, String name) {
        List<DockerfileStage> stages = new ArrayList<>();
        for (Instruction instruction : instructions(dockerfile)) {
            if (instruction.keyword().equals("FROM")) {
                List<String> words = instruction.words();
                boolean named = words.size() >= 3 && words.get(words.size() - 2).equalsIgnoreCase("AS");
                stages.add(new DockerfileStage(named ? words.get(words.size() - 1) : null, new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        if (name == null && !stages.isEmpty()) {
            return stages.get(stages.size() - 1);
        }
        return stages.stream().filter(s -> name != null && name.equals(s.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name + " in the Dockerfile"));
    }

    private static List<Instruction> instructions(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : dockerfile.lines().toList()) {
            // Docker drops comment lines, also within an instruction that continues over several lines
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String whole = (pending + line).strip();
            pending.setLength(0);
            String[] parts = whole.split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
        }
        return instructions;
    }
}
