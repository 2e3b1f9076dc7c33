package io.smartgrid.triplet;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NdjsonBatchStrategyTest {
    private final CamelContext context = new DefaultCamelContext();

    private Exchange line(String body) {
        Exchange e = new DefaultExchange(context);
        e.getIn().setBody(body);
        return e;
    }

    private static Exchange aggregateAll(NdjsonBatchStrategy s, Exchange... exchanges) {
        Exchange batch = null;
        for (Exchange e : exchanges) {
            batch = s.aggregate(batch, e);
        }
        s.onCompletion(batch);
        return batch;
    }

    @Test
    void linesAreJoinedInOrderEachEndingInNewline() {
        NdjsonBatchStrategy s = new NdjsonBatchStrategy();
        Exchange batch = aggregateAll(s, line("{\"n\":1}"), line("{\"n\":2}"), line("{\"n\":3}"));
        assertEquals("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", batch.getIn().getBody());
        assertEquals(String.class, batch.getIn().getBody().getClass());
        assertEquals(3, batch.getIn().getHeader(NdjsonBatchStrategy.LINES, Integer.class));
        assertEquals("SmartGridBatchLines", NdjsonBatchStrategy.LINES);
    }

    @Test
    void singleLineAndManyLines() {
        NdjsonBatchStrategy s = new NdjsonBatchStrategy();
        Exchange one = aggregateAll(s, line("only"));
        assertEquals("only\n", one.getIn().getBody(String.class));
        assertEquals(1, one.getIn().getHeader(NdjsonBatchStrategy.LINES, Integer.class));

        Exchange[] many = new Exchange[500];
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < many.length; i++) {
            many[i] = line("line-" + i);
            expected.append("line-").append(i).append('\n');
        }
        Exchange batch = aggregateAll(s, many);
        assertEquals(expected.toString(), batch.getIn().getBody(String.class));
        assertEquals(500, batch.getIn().getHeader(NdjsonBatchStrategy.LINES, Integer.class));
    }
}
