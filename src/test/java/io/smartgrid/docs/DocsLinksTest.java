package io.smartgrid.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link of README.md, docs/*.md and BENCHMARKS.md leads somewhere: a file that exists, and a heading that
 * the page has.
 */
class DocsLinksTest {
    @Test
    void everyRelativeLinkResolvesToAFileAndItsAnchor() throws Exception {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        List<Path> pages = new ArrayList<>(DocsLinks.pages());
        pages.add(Path.of("BENCHMARKS.md"));
        for (Path page : pages) {
            for (DocsLinks.Link link : DocsLinks.links(page)) {
                String problem = problem(link);
                checked++;
                if (problem != null) {
                    broken.add(link + ": " + problem);
                }
            }
        }
        assertTrue(checked > 100, "the links are found: " + checked);
        assertTrue(broken.isEmpty(), broken.size() + " broken links:\n" + String.join("\n", broken));
    }

    /** Null when the link resolves, else why not. External links (a scheme) are not followed. */
    static String problem(DocsLinks.Link link) throws Exception {
        String target = link.target();
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return null;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? link.page() : link.page().toAbsolutePath().getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no file " + resolved;
        }
        if (anchor != null) {
            if (!resolved.toString().endsWith(".md")) {
                return "an anchor into a file that is not Markdown";
            }
            Set<String> anchors = DocsLinks.anchors(resolved);
            if (!anchors.contains(anchor)) {
                return "no heading #" + anchor + " in " + resolved.getFileName() + " (it has " + anchors + ")";
            }
        }
        return null;
    }

    @Test
    void aBrokenFileOrAnchorIsFound(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                # A page

                ## What is `kept`, and why?

                See [kept](#what-is-kept-and-why), [missing](#nowhere), [other](other.md), [web](https://example.org).

                ```sh
                # not a heading
                ```
                """);
        assertEquals(Set.of("a-page", "what-is-kept-and-why"), DocsLinks.anchors(page));
        List<DocsLinks.Link> links = DocsLinks.links(page);
        assertEquals(4, links.size(), links.toString());
        assertEquals(null, problem(links.get(0)));
        assertTrue(problem(links.get(1)).startsWith("no heading #nowhere"), problem(links.get(1)));
        assertTrue(problem(links.get(2)).startsWith("no file "), problem(links.get(2)));
        assertEquals(null, problem(links.get(3)));
    }

    @Test
    void headingsAreNamedAsGitHubNamesThem() {
        assertEquals("a-pause-upstream-silence-is-the-bridges-to-tell", DocsLinks.slug("A pause upstream: silence is the bridge's to tell"));
        assertEquals("java--jar-smart-gridjar---help", DocsLinks.slug("java -jar smart-grid.jar --help"));
        assertEquals("check-routes", DocsLinks.slug("check-routes"));
        assertEquals("process-killed-sigkill-out-of-memory", DocsLinks.slug("Process killed (SIGKILL, out of memory)"));
    }
}
