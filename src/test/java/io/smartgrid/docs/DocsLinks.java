package io.smartgrid.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Markdown pages of the repository as a reader follows them: their prose, links, headings and shell blocks. */
final class DocsLinks {
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)(.*)$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    /** A link of a page: where it is and where it points. */
    record Link(Path page, int line, String target) {
        @Override
        public String toString() {
            return page + ":" + line + ": " + target;
        }
    }

    /** A fenced block of a page: its info string (the language first), its first line's number, its text. */
    record Block(Path page, int line, String info, String text) {
        String language() {
            String trimmed = info.strip();
            return trimmed.isEmpty() ? "" : trimmed.split("\\s+")[0];
        }
    }

    private DocsLinks() {
    }

    /** README.md and every page under docs/, from the repository root. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The page's lines outside fenced blocks, with inline code spans blanked; code blocks as empty lines. */
    static List<String> prose(Path page) throws IOException {
        List<String> out = new ArrayList<>();
        String fence = null;
        for (String line : Files.readAllLines(page)) {
            Matcher f = FENCE.matcher(line);
            if (fence == null && f.matches()) {
                fence = f.group(2);
                out.add("");
            } else if (fence != null) {
                if (line.strip().startsWith(fence) && line.strip().replace(fence.substring(0, 1), "").isEmpty()) {
                    fence = null;
                }
                out.add("");
            } else {
                out.add(line.replaceAll("`[^`]*`", "``"));
            }
        }
        return out;
    }

    /** The page's fenced blocks. */
    static List<Block> blocks(Path page) throws IOException {
        List<Block> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(page);
        String fence = null;
        String info = null;
        int start = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher f = FENCE.matcher(line);
            if (fence == null && f.matches()) {
                fence = f.group(2);
                info = f.group(3);
                start = i + 2;
                text.setLength(0);
            } else if (fence != null && line.strip().startsWith(fence)
                    && line.strip().replace(fence.substring(0, 1), "").isEmpty()) {
                out.add(new Block(page, start, info, text.toString()));
                fence = null;
            } else if (fence != null) {
                // an indented block (in a list item) is read without its indentation
                String indent = FENCE.matcher(lines.get(start - 2)).replaceFirst("$1");
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading()).append('\n');
            }
        }
        return out;
    }

    static List<Link> links(Path page) throws IOException {
        List<Link> out = new ArrayList<>();
        List<String> lines = prose(page);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINK.matcher(lines.get(i));
            while (m.find()) {
                out.add(new Link(page, i + 1, m.group(2)));
            }
        }
        return out;
    }

    /** The anchors a page offers: GitHub's ids of its headings (a repeated one numbered), and explicit ones. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        List<String> raw = Files.readAllLines(page);
        List<String> prose = prose(page);
        for (int i = 0; i < prose.size(); i++) {
            if (prose.get(i).isEmpty()) {
                continue;
            }
            Matcher h = HEADING.matcher(raw.get(i));
            if (h.matches()) {
                String base = slug(h.group(1));
                String id = base;
                for (int n = 1; out.contains(id); n++) {
                    id = base + "-" + n;
                }
                out.add(id);
            }
            Matcher a = HTML_ANCHOR.matcher(raw.get(i));
            while (a.find()) {
                out.add(a.group(1));
            }
        }
        return out;
    }

    /** A heading's id as GitHub makes it: link texts kept, lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }
}
