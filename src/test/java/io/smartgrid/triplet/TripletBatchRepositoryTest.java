package io.smartgrid.triplet;

import io.smartgrid.testsupport.Await;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The triplet route's aggregator over this repository, in two Camel contexts one after the other on the same folder:
 * the first stops without completing or storing its batch (what a killed process leaves), the second must finish it.
 */
class TripletBatchRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void aBatchLeftOpenByAStoppedProcessGrowsOnInTheNextOne() throws Exception {
        leaveOpen("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");

        CamelContext second = context(4, 60_000, null);
        MockEndpoint out = second.getEndpoint("mock:stored", MockEndpoint.class);
        out.expectedBodiesReceived("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n");
        out.expectedHeaderReceived(NdjsonBatchStrategy.LINES, 4);
        second.start();
        second.createProducerTemplate().sendBody("direct:triplets", "{\"n\":4}");
        out.assertIsSatisfied(10_000);
        // the batch is confirmed once its exchange completes, a moment after the mock saw it
        Await.until(Duration.ofSeconds(10), () -> uncheckedFiles().isEmpty(),
                () -> "the stored batch is deleted: " + uncheckedFiles());
        second.stop();
        assertEquals(List.of(), files(), "nothing is left once the batch is stored");
    }

    @Test
    void aBatchLeftOpenIsCompletedByItsTimeoutAfterTheRestartWithNoNewLine() throws Exception {
        leaveOpen("{\"n\":1}", "{\"n\":2}");

        CamelContext second = context(10, 300, null);
        MockEndpoint out = second.getEndpoint("mock:stored", MockEndpoint.class);
        out.expectedBodiesReceived("{\"n\":1}\n{\"n\":2}\n");
        out.expectedHeaderReceived(NdjsonBatchStrategy.LINES, 2);
        second.start();
        out.assertIsSatisfied(10_000);
        // the batch is confirmed once its exchange completes, a moment after the mock saw it
        Await.until(Duration.ofSeconds(10), () -> uncheckedFiles().isEmpty(),
                () -> "the stored batch is deleted: " + uncheckedFiles());
        second.stop();
        assertEquals(List.of(), files());
    }

    /** A process that gathered these lines and stopped without completing its batch, as a killed one would. */
    private void leaveOpen(String... lines) throws Exception {
        CamelContext first = context(10, 60_000, null);
        first.start();
        for (String line : lines) {
            first.createProducerTemplate().sendBody("direct:triplets", line);
        }
        first.stop();
        assertEquals(1, files().size(), "the open batch is on disk: " + files());
    }

    @Test
    void aCompletedBatchThatWasNotStoredIsSentAgainAtTheNextStart() throws Exception {
        AtomicBoolean storageDown = new AtomicBoolean(true);
        CamelContext first = context(2, 60_000, storageDown);
        first.start();
        first.createProducerTemplate().sendBody("direct:triplets", "{\"n\":1}");
        first.createProducerTemplate().sendBody("direct:triplets", "{\"n\":2}");   // completes the batch by size
        first.stop();
        assertEquals(1, files().size(), "the unstored batch is kept: " + files());

        storageDown.set(false);
        CamelContext second = context(2, 60_000, storageDown);
        MockEndpoint out = second.getEndpoint("mock:stored", MockEndpoint.class);
        out.expectedBodiesReceived("{\"n\":1}\n{\"n\":2}\n");
        second.start();
        out.assertIsSatisfied(10_000);
        // the batch is confirmed once its exchange completes, a moment after the mock saw it
        Await.until(Duration.ofSeconds(10), () -> uncheckedFiles().isEmpty(),
                () -> "the stored batch is deleted: " + uncheckedFiles());
        second.stop();
        assertEquals(List.of(), files());
    }

    @Test
    void onlyTheRoutesOneConstantKeyIsAccepted() throws Exception {
        TripletBatchRepository repository = new TripletBatchRepository(dir, 1_000);
        CamelContext context = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setBody(new StringBuilder("{}\n"));
        IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                () -> repository.add(context, "sensor-1", exchange));
        assertTrue(e.getMessage().contains("'batch'"), e.getMessage());
    }

    /** The shape of triplets.yaml's aggregate, stored to a mock (which fails while storage is down). */
    private CamelContext context(int size, long timeoutMs, AtomicBoolean storageDown) throws Exception {
        TripletBatchRepository repository = new TripletBatchRepository(dir, timeoutMs);
        repository.setRecoveryInterval(200, TimeUnit.MILLISECONDS);
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:triplets")
                        .aggregate(constant(TripletBatchRepository.KEY), new NdjsonBatchStrategy())
                        .aggregationRepository(repository)
                        .completionSize(size)
                        .completionTimeout(timeoutMs)
                        .process(e -> {
                            if (storageDown != null && storageDown.get()) {
                                throw new IllegalStateException("storage down");
                            }
                        })
                        .to("mock:stored");
            }
        });
        return context;
    }

    private List<Path> uncheckedFiles() {
        try {
            return files();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
