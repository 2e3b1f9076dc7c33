package io.smartgrid.support;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The application's event counters ({@link Metric}), a labelled one by the value of its label. */
public final class Counters {
    private record Key(Metric metric, String value) {
    }

    /** Unlabelled counters by ordinal: the per-reading ones cost an array read, no hashing. */
    private final LongAdder[] plain = new LongAdder[Metric.values().length];
    private final Map<Key, LongAdder> labelled = new ConcurrentHashMap<>();
    /** Counters already given to the registry: one created while {@link #publishTo} runs is seen by both. */
    private final Set<Key> published = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    private volatile String prefix;
    private volatile Tags tags = Tags.empty();

    /** From now on every counter, present and future, is also a Micrometer counter {@code <prefix><name>_total}. */
    public void publishTo(MeterRegistry registry, String prefix) {
        publishTo(registry, prefix, Tags.empty());
    }

    /** As {@link #publishTo(MeterRegistry, String)}, every counter with {@code tags} besides its own label. */
    public synchronized void publishTo(MeterRegistry registry, String prefix, Tags tags) {
        if (registry != this.registry) {
            published.clear();
        }
        this.registry = registry;
        this.prefix = prefix;
        this.tags = tags;
        for (Metric m : Metric.values()) {
            LongAdder a = plain[m.ordinal()];
            if (a != null) {
                register(new Key(m, null), a);
            }
        }
        labelled.forEach(this::register);
    }

    private void register(Key key, LongAdder adder) {
        MeterRegistry r = registry;
        if (r == null || !published.add(key)) {
            return;
        }
        FunctionCounter.Builder<LongAdder> b = FunctionCounter.builder(prefix + key.metric().metricName(), adder, LongAdder::sum)
                .description(key.metric().help()).tags(tags);
        if (key.value() != null) {
            b.tag(key.metric().label(), key.value());
        }
        b.register(r);
    }

    /**
     * Makes these counters exist at zero from now on, so they are published before their first event: a rate over a
     * counter that appears with its first event misses that event.
     */
    public void startAtZero(Metric... metrics) {
        for (Metric m : metrics) {
            add(m, 0);
        }
    }

    /** As {@link #startAtZero(Metric...)}, a labelled counter for each of {@code labels}. */
    public void startAtZero(Metric metric, Label... labels) {
        for (Label l : labels) {
            add(metric, l, 0);
        }
    }

    public void increment(Metric metric) {
        add(metric, 1);
    }

    public void add(Metric metric, long n) {
        if (metric.label() != null) {
            throw new IllegalArgumentException(metric + " needs its " + metric.label() + " label");
        }
        LongAdder a = plain[metric.ordinal()];
        if (a == null) {
            a = created(metric);
        }
        a.add(n);
    }

    private synchronized LongAdder created(Metric metric) {
        LongAdder a = plain[metric.ordinal()];
        if (a == null) {
            a = new LongAdder();
            plain[metric.ordinal()] = a;
            register(new Key(metric, null), a);
        }
        return a;
    }

    public void increment(Metric metric, Label label) {
        add(metric, label, 1);
    }

    public void add(Metric metric, Label label, long n) {
        if (metric.label() == null) {
            throw new IllegalArgumentException(metric + " has no label");
        }
        Key key = new Key(metric, label.label());
        LongAdder a = labelled.get(key);
        if (a == null) {
            a = labelled.computeIfAbsent(key, k -> {
                LongAdder created = new LongAdder();
                register(k, created);
                return created;
            });
        }
        a.add(n);
    }

    /** The counter's value; of a labelled one, the sum over every label value. */
    public long get(Metric metric) {
        if (metric.label() == null) {
            LongAdder a = plain[metric.ordinal()];
            return a == null ? 0 : a.sum();
        }
        long total = 0;
        for (Map.Entry<Key, LongAdder> e : labelled.entrySet()) {
            if (e.getKey().metric() == metric) {
                total += e.getValue().sum();
            }
        }
        return total;
    }

    /** Every counter as {@code name} or {@code name{label=value}}, for messages and logs. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        for (Metric m : Metric.values()) {
            LongAdder a = plain[m.ordinal()];
            if (a != null) {
                out.put(m.metricName(), a.sum());
            }
        }
        labelled.forEach((k, v) -> out.put(k.metric().metricName() + "{" + k.metric().label() + "=" + k.value() + "}", v.sum()));
        return out;
    }

    public long get(Metric metric, Label label) {
        LongAdder a = labelled.get(new Key(metric, label.label()));
        return a == null ? 0 : a.sum();
    }
}
